import { ConfigurationError, StoreError } from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import type { RedisCommandRunner } from './redis-command-runner'

/**
 * Opt-in: a connection write counts as saved only once `replicas` replicas acknowledged it (Redis `WAIT`),
 * so a Sentinel or Cluster failover right after a refresh cannot lose the rotated refresh token. Costs one
 * more round trip per write plus the replication delay, and writes fail (the SDK keeps the pair and
 * retries) while fewer replicas are reachable.
 */
export interface ReplicaDurabilityOptions {
  /** Replicas that must acknowledge each connection write. */
  readonly replicas: number
  /** How long to wait for them. Default 1 000 ms. */
  readonly timeoutMs?: number
}

/** Validated {@link ReplicaDurabilityOptions}. */
export interface ResolvedReplicaDurability {
  readonly replicas: number
  readonly timeoutMs: number
}

export function resolveReplicaDurability(
  options: ReplicaDurabilityOptions | undefined,
): ResolvedReplicaDurability | undefined {
  if (options === undefined) return undefined
  const { replicas, timeoutMs = 1_000 } = options
  if (!Number.isSafeInteger(replicas) || replicas < 1) {
    throw new ConfigurationError('durability.replicas', 'durability.replicas must be a whole number ≥ 1.')
  }
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
    throw new ConfigurationError('durability.timeoutMs', 'durability.timeoutMs must be a positive whole number.')
  }
  return { replicas, timeoutMs }
}

/**
 * Waits until the write just made to `key` reached `replicas` replicas. `WAIT` must run on the primary
 * that holds the key: a pipeline keyed on `key` sends it there, on standalone, Sentinel and Cluster alike.
 * Fewer acknowledgements → `StoreError('store_unavailable')`: the write is on the primary but not yet
 * durable, so it is not reported as saved (a retry finds it and adopts it).
 */
export async function waitForReplicas(
  redis: Redis | Cluster,
  runner: RedisCommandRunner,
  key: string,
  durability: ResolvedReplicaDurability,
  instanceKey: string,
): Promise<void> {
  const results = await runner.run('waiting for replicas', () =>
    redis.pipeline().exists(key).wait(durability.replicas, durability.timeoutMs).exec(),
  )
  const acknowledged = Number(results?.[1]?.[1] ?? 0)
  if (acknowledged < durability.replicas) {
    throw new StoreError(
      'store_unavailable',
      `The connection was written but only ${acknowledged} of ${durability.replicas} replicas acknowledged it within ${durability.timeoutMs} ms.`,
      { instanceKey },
    )
  }
}
