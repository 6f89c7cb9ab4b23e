import { type ConnectionRecord, parseConnectionRecord, StoreError, serializeConnectionRecord } from '@rw/oauth-core'
import type { InstanceKeys } from './key-schema'
import type { RecordSealer } from './record-sealer'
import { type CacheStatistics, SegmentedLruCache } from './segmented-lru-cache'

/**
 * Heap bytes of one cached record beyond the lengths of its strings (object and string headers, the
 * entry, the cache's own bookkeeping): about 430 measured on Node 24 with `--expose-gc`, rounded up.
 */
const ENTRY_OVERHEAD_BYTES = 450

interface DecodedEntry {
  readonly stored: string
  readonly record: ConnectionRecord
}

/**
 * Stored value: `<version>.<envelope>`. The version stays readable so the compare-and-set
 * scripts can check it without the key; the encrypted record repeats it, and the two must agree.
 *
 * Reads are cached by stored value: an unchanged value is not decrypted again (the hot path of
 * `getAccessToken` on a fresh token is then one GET and one string comparison). The value was
 * authenticated when it entered the cache, so equal text is an equal record. The cache is a
 * scan-resistant segmented LRU bounded in estimated bytes (see the README's Performance section).
 */
export class ConnectionRecordCodec {
  readonly #sealer: RecordSealer
  readonly #cache: SegmentedLruCache<DecodedEntry> | undefined

  constructor(sealer: RecordSealer, cacheMaxBytes: number) {
    this.#sealer = sealer
    this.#cache = cacheMaxBytes === 0 ? undefined : new SegmentedLruCache(cacheMaxBytes, estimateEntryBytes)
  }

  /** Hits, misses and size of the decoded-record cache (`undefined` when disabled). */
  get cacheStatistics(): CacheStatistics | undefined {
    return this.#cache?.statistics
  }

  async encode(record: ConnectionRecord, keys: InstanceKeys): Promise<string> {
    const serialized = serializeConnectionRecord(record)
    const stored = `${record.version}.${await this.#sealer.seal(serialized, keys.recordAssociatedData)}`
    this.#remember(keys.record, stored, parseConnectionRecord(serialized))
    return stored
  }

  /** The record when this exact stored value was decoded before (synchronous: the hot path). */
  findDecoded(stored: string, keys: InstanceKeys): ConnectionRecord | undefined {
    return this.#cache?.find(keys.record, (entry) => entry.stored === stored)?.record
  }

  async decode(stored: string, instanceKey: string, keys: InstanceKeys): Promise<ConnectionRecord> {
    const dot = stored.indexOf('.')
    const version = Number(stored.slice(0, dot))
    if (dot < 1 || !Number.isSafeInteger(version)) throw corrupted('has no version prefix')
    const record = parseConnectionRecord(await this.#sealer.open(stored.slice(dot + 1), keys.recordAssociatedData))
    if (record.version !== version) throw corrupted('has a version prefix that disagrees with its content')
    if (record.instanceKey !== instanceKey) throw corrupted('belongs to another instance')
    this.#remember(keys.record, stored, record)
    return record
  }

  forget(keys: InstanceKeys): void {
    this.#cache?.delete(keys.record)
  }

  #remember(key: string, stored: string, record: ConnectionRecord): void {
    this.#cache?.set(key, { stored, record })
  }
}

function estimateEntryBytes({ stored, record }: DecodedEntry, key: string): number {
  let bytes = ENTRY_OVERHEAD_BYTES + key.length + stored.length + record.instanceKey.length
  bytes += record.accessToken.length + (record.refreshToken?.length ?? 0)
  for (const scope of record.scopes) bytes += scope.length + 16
  return bytes
}

function corrupted(reason: string): StoreError {
  return new StoreError(
    'store_corrupted',
    `A stored connection record ${reason}: delete it and connect the instance again.`,
  )
}
