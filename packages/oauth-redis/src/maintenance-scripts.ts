import type { Cluster, Redis } from 'ioredis'

/*
 * Operator writes on raw records (rw-oauth repair). Each compares the stored value's SHA-1 with the one the
 * operator saw, so a record that an app rewrote in the meantime (it became readable again) is left alone.
 */

// KEYS: record, quarantine, generation, registry shard. ARGV: digest, channel, quarantine ('1') or delete ('0'),
// instance key in the registry ('' when the record key names none; KEYS[4] is then unused).
const SET_ASIDE_RECORD = `
local current = redis.call('GET', KEYS[1])
if not current or redis.sha1hex(current) ~= ARGV[1] then return 0 end
if ARGV[3] == '1' then redis.call('SET', KEYS[2], current) end
redis.call('DEL', KEYS[1])
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[4], ARGV[4]) end
redis.call('INCR', KEYS[3])
redis.call('PUBLISH', ARGV[2], 'deleted')
return 1`

const NAME = 'rwOauthV1SetAsideRecord'

/** The keys beside a record that setting it aside touches (all in the record's hash slot). */
export interface SetAsideKeys {
  readonly record: string
  readonly quarantine: string
  readonly generation: string
  readonly channel: string
  /** The registry entry to remove with the record, when the record key names an instance. */
  readonly registry: { readonly shard: string; readonly instanceKey: string } | null
}

/** Defines the script on the client; the returned function deletes (or quarantines) a record if unchanged. */
export function defineSetAsideScript(
  redis: Redis | Cluster,
): (keys: SetAsideKeys, digest: string, quarantine: boolean) => Promise<number> {
  redis.defineCommand(NAME, { numberOfKeys: 4, lua: SET_ASIDE_RECORD })
  const method = (redis as unknown as Record<string, (...args: string[]) => Promise<number>>)[NAME]!
  return (keys, digest, quarantine) =>
    method.call(
      redis,
      keys.record,
      keys.quarantine,
      keys.generation,
      keys.registry?.shard ?? keys.generation,
      digest,
      keys.channel,
      quarantine ? '1' : '0',
      keys.registry?.instanceKey ?? '',
    )
}
