import { type ConnectionRecord, parseConnectionRecord, StoreError, serializeConnectionRecord } from '@rw/oauth-core'
import type { InstanceKeys } from './key-schema'
import type { RecordSealer } from './record-sealer'

/**
 * Stored value: `<version>.<envelope>`. The version stays readable so the compare-and-set
 * scripts can check it without the key; the encrypted record repeats it, and the two must agree.
 * Decoded records are cached per instance by `InstanceStates` (an unchanged value is not decrypted again).
 */
export class ConnectionRecordCodec {
  readonly #sealer: RecordSealer

  constructor(sealer: RecordSealer) {
    this.#sealer = sealer
  }

  /** The stored value, and the record as a later read would decode it (to cache). */
  async encode(record: ConnectionRecord, keys: InstanceKeys): Promise<{ stored: string; decoded: ConnectionRecord }> {
    const serialized = serializeConnectionRecord(record)
    const stored = `${record.version}.${await this.#sealer.seal(serialized, keys.recordAssociatedData)}`
    return { stored, decoded: parseConnectionRecord(serialized) }
  }

  async decode(stored: string, instanceKey: string, keys: InstanceKeys): Promise<ConnectionRecord> {
    const dot = stored.indexOf('.')
    const version = Number(stored.slice(0, dot))
    if (dot < 1 || !Number.isSafeInteger(version)) throw corrupted('has no version prefix')
    const record = parseConnectionRecord(await this.#sealer.open(stored.slice(dot + 1), keys.recordAssociatedData))
    if (record.version !== version) throw corrupted('has a version prefix that disagrees with its content')
    if (record.instanceKey !== instanceKey) throw corrupted('belongs to another instance')
    return record
  }
}

function corrupted(reason: string): StoreError {
  return new StoreError(
    'store_corrupted',
    `A stored connection record ${reason}: delete it and connect the instance again.`,
  )
}
