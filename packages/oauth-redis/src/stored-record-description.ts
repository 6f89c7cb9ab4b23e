import { ENVELOPE_TAG } from './encryption-key-ring'
import { PLAINTEXT_TAG } from './record-sealer'

/** How a stored record is sealed, read from its envelope without decrypting it. */
export type StoredRecordSealing = 'encrypted' | 'plaintext' | 'unrecognised'

/**
 * What an operator may know about one stored connection record without opening it: never a token.
 *
 * @example
 * ```ts
 * for await (const batch of maintenance.scanRecords()) for (const record of batch) console.log(record.keyId)
 * ```
 */
export interface StoredRecordDescription {
  /** The Redis key of the record. */
  readonly recordKey: string
  /** The instance the key names, or `null` when the key's tag is not a well-formed encoded id. */
  readonly instanceKey: string | null
  /** The version prefix, or `null` when the value has none (unreadable). */
  readonly version: number | null
  readonly sealing: StoredRecordSealing
  /** The encrypting key id of an encrypted record, else `null`. */
  readonly keyId: string | null
  /** SHA-1 of the stored value: lets a later delete or quarantine act only if the record did not change. */
  readonly digest: string
}

const VERSION_PREFIX = /^(\d+)\./

/** Reads the envelope fields of a stored value (`<version>.e1.<keyId>.<iv>.<ct>` or `<version>.p1.<json>`). */
export function describeStoredValue(stored: string): Pick<StoredRecordDescription, 'version' | 'sealing' | 'keyId'> {
  const match = VERSION_PREFIX.exec(stored)
  const version = match === null ? null : Number(match[1])
  if (version === null || !Number.isSafeInteger(version)) return { version: null, sealing: 'unrecognised', keyId: null }
  return { version, ...describeEnvelope(stored.slice(match![0].length)) }
}

/** How an envelope (`e1.<keyId>.<iv>.<ct>` or `p1.<json>`) is sealed, without opening it. */
export function describeEnvelope(envelope: string): Pick<StoredRecordDescription, 'sealing' | 'keyId'> {
  if (envelope.startsWith(PLAINTEXT_TAG)) return { sealing: 'plaintext', keyId: null }
  const parts = envelope.split('.')
  if (parts.length === 4 && parts[0] === ENVELOPE_TAG && parts[1] !== '') {
    return { sealing: 'encrypted', keyId: parts[1]! }
  }
  return { sealing: 'unrecognised', keyId: null }
}
