import type { Cluster, Redis } from 'ioredis'

/*
 * Scripts of the connection registry besides the record's own save and delete (store-scripts.ts). Each
 * touches one index shard and, where it must check the record, that record: the two share a hash slot,
 * so every check-and-act is atomic in Cluster too.
 */

// KEYS: shard. Returns counts of active, refresh_outcome_unknown, reauthorization_required, malformed entries.
const COUNT_SHARD = `
local counts = {0, 0, 0, 0}
local entries = redis.call('HVALS', KEYS[1])
for i = 1, #entries do
  local status = string.match(entries[i], '^([%a_]+)|')
  if status == 'active' then counts[1] = counts[1] + 1
  elseif status == 'refresh_outcome_unknown' then counts[2] = counts[2] + 1
  elseif status == 'reauthorization_required' then counts[3] = counts[3] + 1
  else counts[4] = counts[4] + 1 end
end
return counts`

// KEYS: shard. Returns the earliest expiresAt of the active entries, as the entry's own text (or false when
// there is none), and how many entries are malformed: as in COUNT_SHARD, plus active ones whose expiresAt is
// not a number as JavaScript writes it. The text goes back unchanged so nothing is rounded on the way; the
// pattern runs before tonumber, which would also read hex, padded or 'inf' text.
const SOONEST_SHARD_EXPIRY = `
local soonest, soonestText, malformed = nil, false, 0
local entries = redis.call('HVALS', KEYS[1])
for i = 1, #entries do
  local status = string.match(entries[i], '^([%a_]+)|')
  if status == 'active' then
    local text = string.match(entries[i], '^active|[^|]*|([^|]*)|')
    local number = nil
    if text and (string.match(text, '^%-?%d+%.?%d*$') or string.match(text, '^%-?%d+%.?%d*e[%+%-]%d+$')) then
      number = tonumber(text)
    end
    if number == nil or number == math.huge or number == -math.huge then
      malformed = malformed + 1
    elseif soonest == nil or number < soonest then
      soonest, soonestText = number, text
    end
  elseif status ~= 'refresh_outcome_unknown' and status ~= 'reauthorization_required' then
    malformed = malformed + 1
  end
end
return {soonestText, malformed}`

// KEYS: record, shard. ARGV: the stored value the entry was computed from, instance key, entry.
// Writes only while the record still holds that exact value (a save since then wrote its own entry).
// Returns 1 written, 0 already equal, -1 the record changed.
const REPAIR_ENTRY = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[3] then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1`

// KEYS: record, shard. ARGV: instance key. Removes the entry only while the record does not exist.
const REMOVE_STALE_ENTRY = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
return redis.call('HDEL', KEYS[2], ARGV[1])`

/** Per-status counts of one shard, and its entries too malformed to count. */
export type ShardCounts = [active: number, unknown: number, reauthorization: number, malformed: number]

/** The earliest expiry among one shard's active entries (its text as stored, or `null`), and its malformed entries. */
export type ShardSoonestExpiry = [soonest: string | null, malformed: number]

/** The registry scripts, typed, bound to one client. */
export interface RegistryScripts {
  countShard(shard: string): Promise<ShardCounts>
  findShardSoonestExpiry(shard: string): Promise<ShardSoonestExpiry>
  repairEntry(
    keys: { record: string; registryShard: string },
    stored: string,
    instanceKey: string,
    entry: string,
  ): Promise<number>
  removeStaleEntry(keys: { record: string; registryShard: string }, instanceKey: string): Promise<number>
}

const NAMES = {
  countShard: 'rwOauthV1CountRegistryShard',
  findShardSoonestExpiry: 'rwOauthV1FindRegistryShardSoonestExpiry',
  repairEntry: 'rwOauthV1RepairRegistryEntry',
  removeStaleEntry: 'rwOauthV1RemoveStaleRegistryEntry',
} as const

type ScriptMethod = (...args: (string | number)[]) => Promise<unknown>

/** Defines the registry scripts on the client (namespaced names, like the store's). */
export function defineRegistryScripts(redis: Redis | Cluster): RegistryScripts {
  redis.defineCommand(NAMES.countShard, { numberOfKeys: 1, lua: COUNT_SHARD })
  redis.defineCommand(NAMES.findShardSoonestExpiry, { numberOfKeys: 1, lua: SOONEST_SHARD_EXPIRY })
  redis.defineCommand(NAMES.repairEntry, { numberOfKeys: 2, lua: REPAIR_ENTRY })
  redis.defineCommand(NAMES.removeStaleEntry, { numberOfKeys: 2, lua: REMOVE_STALE_ENTRY })
  const methods = redis as unknown as Record<(typeof NAMES)[keyof typeof NAMES], ScriptMethod>
  return {
    countShard: (shard) => methods[NAMES.countShard].call(redis, shard) as Promise<ShardCounts>,
    findShardSoonestExpiry: (shard) =>
      methods[NAMES.findShardSoonestExpiry].call(redis, shard) as Promise<ShardSoonestExpiry>,
    repairEntry: (keys, stored, instanceKey, entry) =>
      methods[NAMES.repairEntry].call(
        redis,
        keys.record,
        keys.registryShard,
        stored,
        instanceKey,
        entry,
      ) as Promise<number>,
    removeStaleEntry: (keys, instanceKey) =>
      methods[NAMES.removeStaleEntry].call(redis, keys.record, keys.registryShard, instanceKey) as Promise<number>,
  }
}
