import type { Cluster, Redis } from 'ioredis'
import type { RedisCommandRunner } from './redis-command-runner'
import { listPrimaries } from './redis-primaries'

/**
 * What `RedisTokenStore.checkEvictionPolicy()` found.
 *
 * @see https://redis.io/docs/latest/develop/reference/eviction/
 * @example
 * ```ts
 * const { risky, policies } = await store.checkEvictionPolicy()
 * if (risky) console.warn(`maxmemory-policy ${policies} may evict Radio Workflow connections`)
 * ```
 */
export interface EvictionPolicyReport {
  /** `maxmemory-policy` of each server that answered (one per Cluster primary). */
  readonly policies: readonly string[]
  /** A policy may evict keys without a TTL, i.e. connection records (customers would silently be disconnected). */
  readonly risky: boolean
  /** `false` when CONFIG GET was refused (common on managed Redis): nothing is known then. */
  readonly checked: boolean
}

/** Only these never evict keys without a TTL. */
const SAFE_POLICIES = new Set(['noeviction', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'])

export async function checkEvictionPolicy(
  redis: Redis | Cluster,
  runner: RedisCommandRunner,
): Promise<EvictionPolicyReport> {
  try {
    const servers = await listPrimaries(redis, runner)
    const policies = await Promise.all(
      servers.map(async (server) => {
        const reply = (await runner.run('reading maxmemory-policy', () =>
          server.config('GET', 'maxmemory-policy'),
        )) as unknown as string[]
        return reply[1] ?? 'unknown'
      }),
    )
    const distinct = [...new Set(policies)]
    return { policies: distinct, risky: distinct.some((policy) => !SAFE_POLICIES.has(policy)), checked: true }
  } catch {
    return { policies: [], risky: false, checked: false }
  }
}
