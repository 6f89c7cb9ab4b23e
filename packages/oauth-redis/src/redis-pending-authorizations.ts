import { createPendingCapError, type PendingAuthorization, UsageError } from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import type { KeySchema } from './key-schema'
import type { PendingAuthorizationCodec } from './pending-authorization-codec'
import type { RedisCommandRunner } from './redis-command-runner'
import type { StoreScripts } from './store-scripts'

/** What the pending authorizations of a `RedisTokenStore` need. */
export interface PendingAuthorizationContext {
  readonly redis: Redis | Cluster
  readonly keys: KeySchema
  readonly runner: RedisCommandRunner
  readonly scripts: StoreScripts
  readonly codec: PendingAuthorizationCodec
  readonly now: () => number
  readonly cap: number
}

/**
 * Saves a pending authorization with its TTL, once the store-wide index admitted it under the cap (expired
 * entries leave the index first, in the same script).
 */
export async function savePendingAuthorization(
  context: PendingAuthorizationContext,
  pending: PendingAuthorization,
): Promise<void> {
  const { keys, runner, scripts, cap } = context
  const pendingKeys = keys.createPendingKeys(pending?.stateId)
  const ttlMs = Math.ceil(pending.expiresAt - context.now())
  if (!Number.isFinite(ttlMs)) throw new UsageError('pending.expiresAt must be epoch milliseconds.')
  // Already expired: storing it would only let it be consumed.
  if (ttlMs <= 0) return
  const value = await context.codec.encode(pending, pendingKeys)
  const admitted = await runner.run('counting pending authorizations', () =>
    scripts.admitPending(keys.pendingIndex, {
      now: context.now(),
      cap,
      stateId: pending.stateId,
      expiresAt: pending.expiresAt,
      ttlMs,
    }),
  )
  if (admitted !== 1) throw createPendingCapError(cap)
  await runner.run('saving a pending authorization', () => context.redis.set(pendingKeys.pending, value, 'PX', ttlMs))
}

/** Returns and deletes a pending authorization atomically (`GETDEL`), so a state is single-use across processes. */
export async function consumePendingAuthorization(
  context: PendingAuthorizationContext,
  stateId: string,
): Promise<PendingAuthorization | null> {
  const { keys, runner, redis } = context
  const pendingKeys = keys.createPendingKeys(stateId)
  const stored = await runner.run('consuming a pending authorization', () => redis.getdel(pendingKeys.pending))
  // The cap's count only; an entry left behind leaves the index when it expires.
  runner.run('uncounting a pending authorization', () => redis.zrem(keys.pendingIndex, stateId)).catch(() => {})
  if (stored === null) return null
  const pending = await context.codec.decode(stored, stateId, pendingKeys)
  return pending.expiresAt <= context.now() ? null : pending
}
