import { summarizeConnection } from '@rw/oauth-core'
import type { Redis } from 'ioredis'
import type { ConnectionRecordCodec } from './connection-record-codec'
import type { InstanceKeys } from './key-schema'
import type { RegistryContext } from './redis-connection-registry'
import { listPrimaries } from './redis-primaries'
import { encodeRegistryEntry } from './registry-entry-codec'

const SCAN_COUNT = 500

/**
 * What `RedisTokenStore.repairRegistry()` did.
 *
 * @example
 * ```ts
 * const report = await store.repairRegistry()
 * if (report.unreadableRecords.length > 0) console.warn('cannot read', report.unreadableRecords)
 * ```
 */
export interface RegistryRepairReport {
  /** Connection records found (SCAN of every primary). */
  readonly records: number
  /** Index entries written because they were missing or disagreed with their record. */
  readonly entriesWritten: number
  /** Index entries removed because their record no longer exists (or they sat in the wrong shard). */
  readonly entriesRemoved: number
  /**
   * Instance keys whose record cannot be decoded (wrong encryption keys, corrupted): left as they are.
   * `getConnection` throws `store_corrupted` for them; delete them with `deleteConnection` and connect again.
   */
  readonly unreadableRecords: readonly string[]
}

/**
 * Rebuilds the registry from the records: every record's entry is rewritten when missing or wrong, and
 * every entry without a record is removed. Safe while the store is in use: each write is a script that
 * re-checks the record in the record's own slot (an entry is written only for the exact stored value it
 * was computed from, and removed only while its record is absent), so a concurrent save or delete wins.
 */
export async function repairRegistry(
  context: RegistryContext,
  codec: ConnectionRecordCodec,
): Promise<RegistryRepairReport> {
  const report = { records: 0, entriesWritten: 0, entriesRemoved: 0, unreadableRecords: [] as string[] }
  const markedSlots = new Set<number>()
  for (const primary of await listPrimaries(context.redis, context.runner)) {
    await scanKeys(context, primary, context.keys.recordPattern, async (recordKeys) => {
      await Promise.all(
        recordKeys.map((recordKey) => repairRecordEntry(context, codec, recordKey, markedSlots, report)),
      )
    })
  }
  for (const primary of await listPrimaries(context.redis, context.runner)) {
    await scanKeys(context, primary, context.keys.registryShardPattern, async (shardKeys) => {
      for (const shardKey of shardKeys) report.entriesRemoved += await removeStaleEntries(context, shardKey)
    })
  }
  return report
}

async function repairRecordEntry(
  context: RegistryContext,
  codec: ConnectionRecordCodec,
  recordKey: string,
  markedSlots: Set<number>,
  report: { records: number; entriesWritten: number; unreadableRecords: string[] },
): Promise<void> {
  const found = context.keys.readRecordKey(recordKey)
  if (found === null) return
  const { instanceKey, keys } = found
  const stored = await context.runner.run('repairing the connection registry', () => context.redis.get(recordKey))
  if (stored === null) return
  report.records++
  let entry: string
  try {
    entry = encodeRegistryEntry(summarizeConnection(await codec.decode(stored, instanceKey, keys)))
  } catch {
    report.unreadableRecords.push(instanceKey)
    return
  }
  if (!markedSlots.has(keys.slot)) {
    // Before the entry, as on every save: a listing must never miss a shard that holds entries.
    await context.runner.run('repairing the connection registry', () =>
      context.redis.setbit(context.keys.registryDirectory, keys.slot, 1),
    )
    markedSlots.add(keys.slot)
  }
  const written = await context.runner.run('repairing the connection registry', () =>
    context.scripts.repairEntry(keys, stored, instanceKey, entry),
  )
  if (written === 1) report.entriesWritten++
}

async function removeStaleEntries(context: RegistryContext, shardKey: string): Promise<number> {
  const instanceKeys = await context.runner.run('repairing the connection registry', () =>
    context.redis.hkeys(shardKey),
  )
  const removals = await Promise.all(
    instanceKeys.map(async (instanceKey) => {
      const keys = buildInstanceKeysOrNull(context, instanceKey)
      // An entry in a shard that is not its instance's (or not an instance key at all) was never written by
      // this store: drop it.
      if (keys === null || keys.registryShard !== shardKey) {
        return context.runner.run('repairing the connection registry', () => context.redis.hdel(shardKey, instanceKey))
      }
      return context.runner.run('repairing the connection registry', () =>
        context.scripts.removeStaleEntry(keys, instanceKey),
      )
    }),
  )
  return removals.reduce((sum, removed) => sum + removed, 0)
}

function buildInstanceKeysOrNull(context: RegistryContext, instanceKey: string): InstanceKeys | null {
  try {
    return context.keys.buildInstanceKeys(instanceKey)
  } catch {
    return null
  }
}

async function scanKeys(
  context: RegistryContext,
  server: Redis,
  pattern: string,
  handle: (keys: string[]) => Promise<void>,
): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await context.runner.run('scanning for the connection registry', () =>
      server.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT),
    )
    // SCAN may return a key twice; the repairs are idempotent.
    if (keys.length > 0) await handle(keys)
    cursor = next
  } while (cursor !== '0')
}
