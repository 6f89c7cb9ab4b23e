import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { type BenchSetup, ENCRYPTION_KEY, INSTANCE, REDIS_URL } from './bench-setup'
import type { StormWorkerConfig, StormWorkerMessage } from './storm-protocol'

const PROCESSES = 4
const CALLERS = 250
const ROUNDS = 7
const LATENCY_MS = 300
const WORKER = fileURLToPath(new URL('./storm-worker.ts', import.meta.url))

export interface StormRound {
  /** Refresh response received by the lock holder → last of the 1000 callers served (all processes). */
  readonly wakeUpMs: number
  readonly refreshes: number
  readonly failures: number
}

function nextMessage(child: ChildProcess): Promise<StormWorkerMessage> {
  return once(child, 'message').then(([message]) => message as StormWorkerMessage)
}

/** 4 processes × 250 callers on one just-expired instance; the mock answers the refresh after 300 ms. */
export async function measureRefreshStorm(setup: BenchSetup): Promise<StormRound[]> {
  const config: StormWorkerConfig = {
    redisUrl: REDIS_URL,
    prefix: setup.prefix,
    encryptionKey: ENCRYPTION_KEY,
    instanceKey: INSTANCE,
    endpoints: setup.mock.urls,
  }
  const children = Array.from({ length: PROCESSES }, () =>
    spawn(process.execPath, [...process.execArgv, WORKER], {
      env: { ...process.env, RW_BENCH_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  )
  try {
    await Promise.all(children.map(nextMessage))
    setup.mock.faults.latencyMs = LATENCY_MS
    const rounds: StormRound[] = []
    for (let round = 0; round < ROUNDS; round++) {
      await setup.expire()
      setup.mock.resetCounters()
      const results = children.map(nextMessage)
      for (const child of children) child.send({ type: 'go', callers: CALLERS })
      const settled = (await Promise.all(results)) as Extract<StormWorkerMessage, { type: 'result' }>[]
      const answeredAt = settled.flatMap((result) =>
        result.refreshAnsweredAt === null ? [] : [result.refreshAnsweredAt],
      )
      rounds.push({
        wakeUpMs: Math.max(...settled.map((result) => result.lastServedAt)) - Math.min(...answeredAt),
        refreshes: setup.mock.counters.refreshRequests,
        failures: settled.reduce((sum, result) => sum + result.failures, 0),
      })
    }
    return rounds
  } finally {
    await Promise.all(
      children.map(async (child) => {
        const exited = once(child, 'exit')
        child.send({ type: 'exit' })
        await exited
      }),
    )
  }
}
