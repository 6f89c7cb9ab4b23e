import type { Cluster, Redis } from 'ioredis'

/*
 * Every write is one Lua script so the check and the act are atomic on the server: a lease that
 * expired, or a version that moved on, can never be overwritten between the check and the write.
 * ioredis `defineCommand` sends EVALSHA and falls back to EVAL on NOSCRIPT, so the scripts survive
 * SCRIPT FLUSH and failovers to replicas that never saw them.
 */

const ACQUIRE_LOCK = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('GET', KEYS[2]) or '0'
end
return false`

const EXTEND_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`

const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], 'released')
  return 1
end
return 0`

// KEYS: record, lock, generation, registry shard (same slot). ARGV: expected version ('' = none stored), value,
// owner ('' = no lease), generation seen when the lease was taken, channel, instance key, registry entry.
// The registry entry is written in the same script as the record, so the index never disagrees with it.
const SAVE_CONNECTION = `
if ARGV[3] ~= '' then
  -- Deleted since the lease was taken: a conflict, not a lost lock, so no caller retries version-only
  -- and lands on a reconnected record that happens to have the same version.
  if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[4] then return 'version_conflict' end
  if redis.call('GET', KEYS[2]) ~= ARGV[3] then return 'lock_lost' end
end
local current = redis.call('GET', KEYS[1])
if current then
  local version = string.match(current, '^(%d+)%.')
  if not version then return 'corrupted' end
  if version ~= ARGV[1] then return 'version_conflict' end
elseif ARGV[1] ~= '' then
  return 'version_conflict'
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[4], ARGV[6], ARGV[7])
redis.call('PUBLISH', ARGV[5], 'saved')
return 'saved'`

// KEYS: record, generation, registry shard (same slot). ARGV: expected version ('' = any), channel, instance key.
// Without an expected version nothing is read: an unreadable value, even a key of another type, is deleted.
const DELETE_CONNECTION = `
if ARGV[1] == '' then
  if redis.call('DEL', KEYS[1]) == 0 then return 0 end
else
  local current = redis.call('GET', KEYS[1])
  if not current then return 0 end
  if string.match(current, '^(%d+)%.') ~= ARGV[1] then return 0 end
  redis.call('DEL', KEYS[1])
end
redis.call('HDEL', KEYS[3], ARGV[3])
redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[2], 'deleted')
return 1`

// KEYS: pending index (a sorted set of state ids by expiry). ARGV: now, cap, state id, expiresAt, ttl.
// Expired entries leave first (O(log n + m)), then the cap is checked and the new entry counted; the index
// itself expires with its last entry.
const ADMIT_PENDING = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return 1`

export type SaveScriptResult = 'saved' | 'version_conflict' | 'lock_lost' | 'corrupted'

/** The scripts, typed, bound to one client. */
export interface StoreScripts {
  acquireLock(lock: string, generation: string, owner: string, leaseMs: number): Promise<string | null>
  extendLock(lock: string, owner: string, leaseMs: number): Promise<number>
  releaseLock(lock: string, owner: string, channel: string): Promise<number>
  saveConnection(
    keys: { record: string; lock: string; generation: string; registryShard: string },
    args: {
      expectedVersion: string
      value: string
      owner: string
      generation: string
      channel: string
      instanceKey: string
      registryEntry: string
    },
  ): Promise<SaveScriptResult>
  deleteConnection(
    keys: { record: string; generation: string; registryShard: string },
    args: { expectedVersion: string; channel: string; instanceKey: string },
  ): Promise<number>
  admitPending(
    index: string,
    args: { now: number; cap: number; stateId: string; expiresAt: number; ttlMs: number },
  ): Promise<number>
}

const NAMES = {
  acquireLock: 'rwOauthV1AcquireLock',
  extendLock: 'rwOauthV1ExtendLock',
  releaseLock: 'rwOauthV1ReleaseLock',
  // V2: the record scripts also write the registry (another key count, so another name).
  saveConnection: 'rwOauthV2SaveConnection',
  deleteConnection: 'rwOauthV2DeleteConnection',
  admitPending: 'rwOauthV1AdmitPending',
} as const

type ScriptMethod = (...args: (string | number)[]) => Promise<unknown>

/** Defines the scripts on the client (names are namespaced so they cannot clash with the user's own). */
export function defineStoreScripts(redis: Redis | Cluster): StoreScripts {
  redis.defineCommand(NAMES.acquireLock, { numberOfKeys: 2, lua: ACQUIRE_LOCK })
  redis.defineCommand(NAMES.extendLock, { numberOfKeys: 1, lua: EXTEND_LOCK })
  redis.defineCommand(NAMES.releaseLock, { numberOfKeys: 1, lua: RELEASE_LOCK })
  redis.defineCommand(NAMES.saveConnection, { numberOfKeys: 4, lua: SAVE_CONNECTION })
  redis.defineCommand(NAMES.deleteConnection, { numberOfKeys: 3, lua: DELETE_CONNECTION })
  redis.defineCommand(NAMES.admitPending, { numberOfKeys: 1, lua: ADMIT_PENDING })
  const methods = redis as unknown as Record<(typeof NAMES)[keyof typeof NAMES], ScriptMethod>
  return {
    admitPending: (index, { now, cap, stateId, expiresAt, ttlMs }) =>
      methods[NAMES.admitPending].call(redis, index, now, cap, stateId, expiresAt, ttlMs) as Promise<number>,
    acquireLock: (lock, generation, owner, leaseMs) =>
      methods[NAMES.acquireLock].call(redis, lock, generation, owner, leaseMs) as Promise<string | null>,
    extendLock: (lock, owner, leaseMs) =>
      methods[NAMES.extendLock].call(redis, lock, owner, leaseMs) as Promise<number>,
    releaseLock: (lock, owner, channel) =>
      methods[NAMES.releaseLock].call(redis, lock, owner, channel) as Promise<number>,
    saveConnection: (keys, args) =>
      methods[NAMES.saveConnection].call(
        redis,
        keys.record,
        keys.lock,
        keys.generation,
        keys.registryShard,
        args.expectedVersion,
        args.value,
        args.owner,
        args.generation,
        args.channel,
        args.instanceKey,
        args.registryEntry,
      ) as Promise<SaveScriptResult>,
    deleteConnection: (keys, args) =>
      methods[NAMES.deleteConnection].call(
        redis,
        keys.record,
        keys.generation,
        keys.registryShard,
        args.expectedVersion,
        args.channel,
        args.instanceKey,
      ) as Promise<number>,
  }
}
