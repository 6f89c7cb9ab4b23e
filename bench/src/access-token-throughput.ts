import type { BenchClient, BenchSetup } from './bench-setup'

const CONCURRENCY = 64
const WARM_UP_MS = 400

export interface ThroughputPlan {
  /** Rounds of (raw, SDK) pairs; the order inside a pair alternates so neither path always goes first. */
  readonly rounds: number
  readonly phaseMs: number
}

export interface PathFigures {
  /** One entry per round. */
  readonly opsPerSecond: readonly number[]
  /** Process CPU (user + system) per call, one entry per round: steadier than ops/s on a busy machine. */
  readonly cpuMicrosPerOp: readonly number[]
  /** Redis GET commands per call, counted by the server (INFO commandstats) over all rounds. */
  readonly getsPerCall: number
}

export interface ThroughputResult {
  readonly raw: PathFigures
  readonly sdk: PathFigures
  readonly valueBytes: number
}

interface Phase {
  readonly opsPerSecond: number
  readonly cpuMicrosPerOp: number
  readonly calls: number
}

/** `CONCURRENCY` loops (loop i uses `operations[i % length]`) back to back for `phaseMs`. */
async function runPhase(operations: readonly (() => Promise<unknown>)[], phaseMs: number): Promise<Phase> {
  let calls = 0
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const end = started + phaseMs
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, index) => {
      const operation = operations[index % operations.length]!
      while (performance.now() < end) {
        await operation()
        calls += 1
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  return { opsPerSecond: calls / seconds, cpuMicrosPerOp: (cpu.user + cpu.system) / calls, calls }
}

async function countGets(client: BenchClient): Promise<number> {
  const stats = await client.redis.info('commandstats')
  return Number(/cmdstat_get:calls=(\d+)/.exec(stats)?.[1] ?? 0)
}

/**
 * `getAccessToken` on fresh tokens (RedisTokenStore, encryption on) versus raw ioredis GETs of values
 * of the same size as the stored encrypted records: same ioredis client (so the same client options),
 * same concurrency, same number of distinct keys, rounds alternating in one run.
 * `instanceKeys` spreads the callers: one instance per caller (every call is its own GET), or one
 * instance for all (concurrent reads of one record share a GET).
 */
export async function measureAccessTokenThroughput(
  setup: BenchSetup,
  client: BenchClient,
  instanceKeys: readonly string[],
  plan: ThroughputPlan,
): Promise<ThroughputResult> {
  const { redis, rw } = client
  const rawKeys: string[] = []
  let valueBytes = 0
  for (const [index, instanceKey] of instanceKeys.entries()) {
    const size = await redis.strlen(setup.recordKeyOf(instanceKey))
    if (size === 0) throw new Error(`no stored record for ${instanceKey}`)
    const rawKey = `${setup.prefix}raw-baseline-${index}`
    await redis.set(rawKey, 'x'.repeat(size))
    rawKeys.push(rawKey)
    valueBytes = size
  }
  const sdk = instanceKeys.map((instanceKey) => () => rw.getAccessToken(instanceKey))
  const raw = rawKeys.map((key) => () => redis.get(key))
  if (typeof (await sdk[0]!()) !== 'string') throw new Error('getAccessToken returned no token')

  for (let warmUp = 0; warmUp < 2; warmUp++) {
    await runPhase(raw, WARM_UP_MS)
    await runPhase(sdk, WARM_UP_MS)
  }
  const rawPhases: Phase[] = []
  const sdkPhases: Phase[] = []
  let rawGets = 0
  let sdkGets = 0
  const measure = async (path: 'raw' | 'sdk') => {
    const before = await countGets(client)
    const phase = await runPhase(path === 'raw' ? raw : sdk, plan.phaseMs)
    const gets = (await countGets(client)) - before
    if (path === 'raw') {
      rawPhases.push(phase)
      rawGets += gets
    } else {
      sdkPhases.push(phase)
      sdkGets += gets
    }
  }
  for (let round = 0; round < plan.rounds; round++) {
    if (round % 2 === 0) {
      await measure('raw')
      await measure('sdk')
    } else {
      await measure('sdk')
      await measure('raw')
    }
  }
  const figures = (phases: Phase[], gets: number): PathFigures => ({
    opsPerSecond: phases.map((phase) => phase.opsPerSecond),
    cpuMicrosPerOp: phases.map((phase) => phase.cpuMicrosPerOp),
    getsPerCall: gets / phases.reduce((sum, phase) => sum + phase.calls, 0),
  })
  return { raw: figures(rawPhases, rawGets), sdk: figures(sdkPhases, sdkGets), valueBytes }
}
