import type { BenchSetup } from './bench-setup'
import { median } from './statistics'

const CALLS_PER_CALLER = 3_000
const ROUNDS = 7

export interface HotPathOverhead {
  /** CPU per call of the bare loop around an already-answered GET. */
  readonly bareMicrosPerCall: number
  /** CPU per call of `getAccessToken` over the same answered GET. */
  readonly sdkMicrosPerCall: number
}

/**
 * The SDK's own JavaScript per `getAccessToken`, without Redis and syscalls: on a dedicated client,
 * `get` answers from memory with the real stored values, so what is left is the store (deadline,
 * coalescer, record cache) and the client (expiry check). Median of rounds, process CPU time.
 */
export async function measureHotPathOverhead(
  setup: BenchSetup,
  instanceKeys: readonly string[],
): Promise<HotPathOverhead> {
  const client = setup.createClient({})
  try {
    const stored = new Map<string, string | null>()
    for (const instanceKey of instanceKeys) {
      const key = setup.recordKeyOf(instanceKey)
      stored.set(key, await client.redis.get(key))
    }
    const answerFromMemory = (key: string) => Promise.resolve(stored.get(key) ?? null)
    Object.assign(client.redis, { get: answerFromMemory })
    const bare = instanceKeys.map((instanceKey) => {
      const key = setup.recordKeyOf(instanceKey)
      return () => client.redis.get(key)
    })
    const sdk = instanceKeys.map((instanceKey) => () => client.rw.getAccessToken(instanceKey))
    const cpuPerCall = async (operations: readonly (() => Promise<unknown>)[]) => {
      const before = process.cpuUsage()
      await Promise.all(
        operations.map(async (operation) => {
          for (let call = 0; call < CALLS_PER_CALLER; call++) await operation()
        }),
      )
      const cpu = process.cpuUsage(before)
      return (cpu.user + cpu.system) / (CALLS_PER_CALLER * operations.length)
    }
    const bareRuns: number[] = []
    const sdkRuns: number[] = []
    await cpuPerCall(sdk)
    for (let round = 0; round < ROUNDS; round++) {
      bareRuns.push(await cpuPerCall(bare))
      sdkRuns.push(await cpuPerCall(sdk))
    }
    return { bareMicrosPerCall: median(bareRuns), sdkMicrosPerCall: median(sdkRuns) }
  } finally {
    await client.close()
  }
}
