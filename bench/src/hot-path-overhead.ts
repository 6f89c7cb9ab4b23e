import type { BenchSetup } from './bench-setup'
import { comparePaths } from './compare-paths'
import { touchEach } from './seed-fleet'

export interface HotPathOverhead {
  /** CPU per call of the bare loop around an already-answered GET. */
  readonly bareMicrosPerCall: number
  /** CPU per call of `getAccessToken` over the same answered GET. */
  readonly sdkMicrosPerCall: number
}

/**
 * The SDK's own JavaScript per `getAccessToken`, without Redis and syscalls: on a dedicated client,
 * `get` answers from memory with the real stored values, so what is left is the store (deadline,
 * coalescer, key names, record cache) and the client (expiry check). Uniformly random picks over
 * `instanceKeys`, 64 callers, median of rounds, process CPU time.
 */
export async function measureHotPathOverhead(
  setup: BenchSetup,
  instanceKeys: readonly string[],
): Promise<HotPathOverhead> {
  const client = setup.createClient({})
  try {
    const stored = new Map<string, string | null>()
    const recordKeys = instanceKeys.map((instanceKey) => setup.recordKeyOf(instanceKey))
    await touchEach(recordKeys.length, async (index) => {
      stored.set(recordKeys[index]!, await client.redis.get(recordKeys[index]!))
    })
    const answerFromMemory = (key: string) => Promise.resolve(stored.get(key) ?? null)
    Object.assign(client.redis, { get: answerFromMemory })
    await touchEach(instanceKeys.length, (index) => client.rw.getAccessToken(instanceKeys[index]!))
    const result = await comparePaths(
      (pick) => client.redis.get(recordKeys[pick]!),
      (pick) => client.rw.getAccessToken(instanceKeys[pick]!),
      { rounds: 5, phaseMs: 300, warmUpMs: 200, concurrency: 64, pickRange: instanceKeys.length },
    )
    return {
      bareMicrosPerCall: result.baseline.medianCpuMicrosPerOp,
      sdkMicrosPerCall: result.subject.medianCpuMicrosPerOp,
    }
  } finally {
    await client.close()
  }
}
