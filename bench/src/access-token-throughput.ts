import { type BenchSetup, INSTANCE } from './bench-setup'

const CONCURRENCY = 64
const PHASE_MS = 1_500
const ROUNDS = 5

export interface ThroughputResult {
  readonly sdkOpsPerSecond: number
  readonly rawOpsPerSecond: number
  readonly valueBytes: number
}

/** `CONCURRENCY` loops calling `operation` back to back for `PHASE_MS`; operations per second. */
async function measure(operation: () => Promise<unknown>): Promise<number> {
  let count = 0
  const started = performance.now()
  const end = started + PHASE_MS
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
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
 * getAccessToken on a fresh token (RedisTokenStore, encryption on) versus a raw ioredis GET of a
 * value of the same size, same client, same concurrency, alternating phases in one run.
 */
export async function measureAccessTokenThroughput(setup: BenchSetup): Promise<ThroughputResult> {
  const { redis, rw, prefix } = setup
  const recordKey = (await redis.keys(`${prefix}*:connection`))[0]!
  const valueBytes = await redis.strlen(recordKey)
  const rawKey = `${prefix}raw-baseline`
  await redis.set(rawKey, 'x'.repeat(valueBytes))
  const sdk = () => rw.getAccessToken(INSTANCE)
  const raw = () => redis.get(rawKey)
  await measure(sdk)
  await measure(raw)
  const sdkRuns: number[] = []
  const rawRuns: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    rawRuns.push(await measure(raw))
    sdkRuns.push(await measure(sdk))
  }
  return { sdkOpsPerSecond: median(sdkRuns), rawOpsPerSecond: median(rawRuns), valueBytes }
}
