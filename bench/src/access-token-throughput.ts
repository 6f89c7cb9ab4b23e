import type { BenchSetup } from './bench-setup'

const CONCURRENCY = 64
const PHASE_MS = 1_000
const ROUNDS = 5

export interface ThroughputResult {
  readonly sdkOpsPerSecond: number
  readonly rawOpsPerSecond: number
}

/** `CONCURRENCY` loops (loop i uses `operations[i % length]`) back to back for `PHASE_MS`; operations per second. */
async function measure(operations: readonly (() => Promise<unknown>)[]): Promise<number> {
  let count = 0
  const started = performance.now()
  const end = started + PHASE_MS
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, index) => {
      const operation = operations[index % operations.length]!
      while (performance.now() < end) {
        await operation()
        count += 1
      }
    }),
  )
  return count / ((performance.now() - started) / 1000)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/**
 * getAccessToken on fresh tokens (RedisTokenStore, encryption on) versus raw ioredis GETs of values
 * of the same size: same client, same concurrency, phases alternating in one run. `instanceKeys`
 * spreads the callers: one instance (concurrent reads share a GET) or one instance per caller
 * (every call is its own GET).
 */
export async function measureAccessTokenThroughput(
  setup: BenchSetup,
  instanceKeys: readonly string[],
): Promise<ThroughputResult> {
  const { redis, rw, prefix } = setup
  const rawKeys: string[] = []
  for (const [index, instanceKey] of instanceKeys.entries()) {
    const recordKey = setup.recordKeyOf(instanceKey)
    const rawKey = `${prefix}raw-baseline-${index}`
    await redis.set(rawKey, 'x'.repeat(await redis.strlen(recordKey)))
    rawKeys.push(rawKey)
  }
  const sdk = instanceKeys.map((instanceKey) => () => rw.getAccessToken(instanceKey))
  const raw = rawKeys.map((key) => () => redis.get(key))
  await measure(sdk)
  await measure(raw)
  const sdkRuns: number[] = []
  const rawRuns: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    rawRuns.push(await measure(raw))
    sdkRuns.push(await measure(sdk))
  }
  return { sdkOpsPerSecond: median(sdkRuns), rawOpsPerSecond: median(rawRuns) }
}
