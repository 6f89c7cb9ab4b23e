/**
 * A soak worker process: one RadioWorkflow on a shared RedisTokenStore, one caller loop per
 * instance, hooks that stop at the points of a refresh and wait for the supervisor's decision.
 * It exits when the supervisor says `finish` or when the IPC channel closes (no orphans).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { createSoakClient } from './create-soak-client'
import { createSeededRandom } from './seeded-random'
import type { HookPoint, SoakWorkerConfig, SupervisorMessage, WorkerMessage } from './soak-protocol'
import { createWorkerHooks, readErrorCode } from './worker-hooks'
import { createWorkerStatsCollector } from './worker-stats'

const config = JSON.parse(process.env.RW_SOAK_CONFIG ?? '{}') as SoakWorkerConfig
const { workerId } = config

function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message)
}

let nextHookId = 0
const pendingDecisions = new Map<number, () => void>()
function ask(point: HookPoint, instanceKey: string, tokenHash: string, recordStatus: string): Promise<void> {
  const hookId = nextHookId++
  return new Promise((resolve) => {
    pendingDecisions.set(hookId, resolve)
    send({ type: 'hook', workerId, hookId, point, instanceKey, tokenHash, recordStatus })
  })
}

const hooks = createWorkerHooks({
  workerId,
  refreshUrl: config.endpoints.refresh,
  ask,
  reportSave: (report) => send({ type: 'saved', workerId, ...report }),
})
const client = createSoakClient(config, { fetch: hooks.fetch, wrapStore: hooks.wrapStore })
const { rw } = client

const stats = createWorkerStatsCollector()
const random = createSeededRandom(config.seed)
let running = true

async function callRepeatedly(instanceKey: string): Promise<void> {
  await sleep(random.between(0, config.callerPauseMs.max))
  while (running) {
    const call = stats.startCall()
    try {
      if (random.next() < config.forcedRefreshShare) await rw.refresh(instanceKey)
      else await rw.getAccessToken(instanceKey)
      call.served()
    } catch (error) {
      call.failed(readErrorCode(error))
    }
    await sleep(random.between(config.callerPauseMs.min, config.callerPauseMs.max))
  }
}

async function finish(loops: Promise<void>[]): Promise<void> {
  running = false
  clearInterval(statsTimer)
  await Promise.allSettled(loops)
  send({ type: 'finished', workerId, stats: stats.takeDelta() })
  await client.close()
  process.disconnect?.()
}

process.on('disconnect', () => process.exit(0))
process.on('unhandledRejection', (error) => stats.countError(`unhandled_rejection:${readErrorCode(error)}`))

let loops: Promise<void>[] = []
process.on('message', (message: SupervisorMessage) => {
  if (message.type === 'decision') {
    pendingDecisions.get(message.hookId)?.()
    pendingDecisions.delete(message.hookId)
  } else if (message.type === 'finish') {
    void finish(loops)
  }
})
const statsTimer = setInterval(() => send({ type: 'stats', workerId, stats: stats.takeDelta() }), 1000)

await client.store.getConnection(config.instanceKeys[0] ?? '').catch(() => {})
send({ type: 'ready', workerId })
loops = config.instanceKeys.map(callRepeatedly)
