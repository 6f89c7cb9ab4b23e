import { createHash } from 'node:crypto'
import type { Cluster, Redis } from 'ioredis'
import { KeySchema } from './key-schema'
import { defineSetAsideScript, type SetAsideKeys } from './maintenance-scripts'
import { RedisCommandRunner } from './redis-command-runner'
import { listPrimaries } from './redis-primaries'
import { resolveStoreOptions } from './redis-token-store-options'
import { describeEnvelope, describeStoredValue, type StoredRecordDescription } from './stored-record-description'

/**
 * Options of {@link RedisStoreMaintenance}: the same `redis` and `prefix` as the apps' `RedisTokenStore`.
 *
 * @example
 * ```ts
 * new RedisStoreMaintenance({ redis: new Redis(process.env.REDIS_URL), prefix: 'rw:oauth:' })
 * ```
 */
export interface RedisStoreMaintenanceOptions {
  readonly redis: Redis | Cluster
  /** Default `rw:oauth:` (as `RedisTokenStore`). */
  readonly prefix?: string
  /** Deadline of one Redis call. Default 2000 ms. */
  readonly commandTimeoutMs?: number
}

const RECORD_SUFFIX = ':connection'
const DEFAULT_BATCH_SIZE = 200

/**
 * The operator's view of a `RedisTokenStore`'s raw records (what `rw-oauth` sweeps use): SCAN over every
 * record on every primary (Cluster included), the envelope of each (key id, plaintext, unreadable) without
 * decrypting, and version-safe delete or quarantine of records the apps cannot read. Independent of any
 * registry index, so it also finds records no index knows. Never returns a token.
 *
 * @example
 * ```ts
 * const maintenance = new RedisStoreMaintenance({ redis, prefix })
 * for await (const batch of maintenance.scanRecords()) {
 *   for (const record of batch) console.log(record.instanceKey, record.keyId ?? record.sealing)
 * }
 * ```
 */
export class RedisStoreMaintenance {
  readonly #redis: Redis | Cluster
  readonly #keys: KeySchema
  readonly #runner: RedisCommandRunner
  readonly #setAside: ReturnType<typeof defineSetAsideScript>

  constructor(options: RedisStoreMaintenanceOptions) {
    const { redis, prefix, commandTimeoutMs } = resolveStoreOptions(options)
    this.#redis = redis
    this.#keys = new KeySchema(prefix)
    this.#runner = new RedisCommandRunner(redis, commandTimeoutMs)
    this.#setAside = defineSetAsideScript(redis)
  }

  /** Batches of described records, `batchSize` keys per SCAN step. A record written during the scan may or may not appear. */
  async *scanRecords({
    batchSize = DEFAULT_BATCH_SIZE,
  }: {
    batchSize?: number
  } = {}): AsyncGenerator<StoredRecordDescription[]> {
    for await (const keys of this.#scanKeys(this.#keys.recordPattern, batchSize)) {
      const described = await Promise.all(keys.map((key) => this.#describeKey(key)))
      const present = described.filter((record): record is StoredRecordDescription => record !== null)
      if (present.length > 0) yield present
    }
  }

  /** Counts the stored records (one SCAN over every primary). */
  async countRecords(): Promise<number> {
    let count = 0
    for await (const batch of this.scanRecords()) count += batch.length
    return count
  }

  /**
   * Pending authorizations (logins in progress, each expiring within minutes) per encrypting key id, with
   * `plaintext` and `unrecognised` for the others: a key may leave the ring only when no login still needs it.
   */
  async countPendingAuthorizationsByKey(): Promise<Map<string, number>> {
    const counts = new Map<string, number>()
    for await (const keys of this.#scanKeys(`${escapeGlob(this.#keys.keyPrefix)}pending:{*}`, DEFAULT_BATCH_SIZE)) {
      const values = await Promise.all(
        keys.map((key) => this.#runner.run('reading a pending authorization', () => this.#redis.get(key))),
      )
      for (const value of values) {
        if (value === null) continue
        const { sealing, keyId } = describeEnvelope(value)
        counts.set(keyId ?? sealing, (counts.get(keyId ?? sealing) ?? 0) + 1)
      }
    }
    return counts
  }

  /** The record of `instanceKey` as stored, or `null` when there is none. */
  describeRecord(instanceKey: string): Promise<StoredRecordDescription | null> {
    return this.#describeKey(this.#keys.createInstanceKeys(instanceKey).record)
  }

  /** Deletes the record if it is still exactly the one described (wakes waiters like a disconnect). */
  async deleteRecord(record: StoredRecordDescription): Promise<boolean> {
    return (
      (await this.#runner.run('deleting a record', () => this.#setAside(this.#aside(record), record.digest, false))) ===
      1
    )
  }

  /**
   * Moves the record, if still exactly the one described, to `<record key without :connection>:quarantined`
   * (same hash slot, no TTL, never read by the SDK) so it can be examined or restored by hand.
   */
  async quarantineRecord(record: StoredRecordDescription): Promise<boolean> {
    return (
      (await this.#runner.run('quarantining a record', () =>
        this.#setAside(this.#aside(record), record.digest, true),
      )) === 1
    )
  }

  /** Batches of the string keys matching the SCAN `match` pattern, from every primary. */
  async *#scanKeys(match: string, batchSize: number): AsyncGenerator<string[]> {
    for (const server of await listPrimaries(this.#redis, this.#runner)) {
      let cursor = '0'
      do {
        const [next, keys] = await this.#runner.run('scanning the store', () =>
          server.scan(cursor, 'MATCH', match, 'COUNT', batchSize, 'TYPE', 'string'),
        )
        cursor = next
        if (keys.length > 0) yield keys
      } while (cursor !== '0')
    }
  }

  #aside(record: StoredRecordDescription): SetAsideKeys {
    const base = record.recordKey.slice(0, -RECORD_SUFFIX.length)
    const named = this.#keys.readRecordKey(record.recordKey)
    return {
      record: record.recordKey,
      quarantine: `${base}:quarantined`,
      generation: named?.keys.generation ?? `${base}:generation`,
      channel: named?.keys.channel ?? `${base}:changed`,
      registry: named === null ? null : { shard: named.keys.registryShard, instanceKey: named.instanceKey },
    }
  }

  async #describeKey(recordKey: string): Promise<StoredRecordDescription | null> {
    const stored = await this.#runner.run('reading a record', () => this.#redis.get(recordKey))
    if (stored === null) return null
    return {
      recordKey,
      instanceKey: this.#keys.readRecordKey(recordKey)?.instanceKey ?? null,
      digest: createHash('sha1').update(stored).digest('hex'),
      ...describeStoredValue(stored),
    }
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}
