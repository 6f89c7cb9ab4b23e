import { type ConnectionRecord, parseConnectionRecord, StoreError, serializeConnectionRecord } from '@rw/oauth-core'
import type { InstanceKeys } from './key-schema'
import type { RecordSealer } from './record-sealer'

/**
 * Stored value: `<version>.<envelope>`. The version stays readable so the compare-and-set
 * scripts can check it without the key; the encrypted record repeats it, and the two must agree.
 *
 * Reads are cached by stored value: an unchanged value is not decrypted again (the hot path of
 * `getAccessToken` on a fresh token is then one GET and one string comparison). The value was
 * authenticated when it entered the cache, so equal text is an equal record.
 */
export class ConnectionRecordCodec {
  readonly #sealer: RecordSealer
  readonly #cache = new Map<string, { readonly stored: string; readonly record: ConnectionRecord }>()
  readonly #cacheSize: number

  constructor(sealer: RecordSealer, cacheSize: number) {
    this.#sealer = sealer
    this.#cacheSize = cacheSize
  }

  async encode(record: ConnectionRecord, keys: InstanceKeys): Promise<string> {
    const serialized = serializeConnectionRecord(record)
    const stored = `${record.version}.${await this.#sealer.seal(serialized, keys.recordAssociatedData)}`
    this.#remember(keys.record, stored, parseConnectionRecord(serialized))
    return stored
  }

  /** The record when this exact stored value was decoded before (synchronous: the hot path). */
  findDecoded(stored: string, keys: InstanceKeys): ConnectionRecord | undefined {
    const cached = this.#cache.get(keys.record)
    return cached !== undefined && cached.stored === stored ? cached.record : undefined
  }

  async decode(stored: string, instanceKey: string, keys: InstanceKeys): Promise<ConnectionRecord> {
    const cached = this.findDecoded(stored, keys)
    if (cached !== undefined) return cached
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
    this.#cache.delete(keys.record)
  }

  #remember(key: string, stored: string, record: ConnectionRecord): void {
    this.#cache.delete(key)
    if (this.#cacheSize === 0) return
    if (this.#cache.size >= this.#cacheSize) {
      const oldest = this.#cache.keys().next()
      if (!oldest.done) this.#cache.delete(oldest.value)
    }
    this.#cache.set(key, { stored, record })
  }
}

function corrupted(reason: string): StoreError {
  return new StoreError(
    'store_corrupted',
    `A stored connection record ${reason}: delete it and connect the instance again.`,
  )
}
