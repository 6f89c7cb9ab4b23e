import { StoreError } from '@rw/oauth-core'
import { EncryptionKeyRing, type RedisEncryptionOptions } from './encryption-key-ring'

/** Turns serialized records into what is stored in Redis, and back. */
export interface RecordSealer {
  readonly encrypted: boolean
  seal(serialized: string, associatedData: string): Promise<string>
  /** Throws `StoreError('store_corrupted')` when the stored value cannot be opened. */
  open(stored: string, associatedData: string): Promise<string>
}

/** Prefix of an unencrypted stored record. */
export const PLAINTEXT_TAG = 'p1.'

/** AES-256-GCM with the key ring when `encryption` is given, else a tagged plaintext envelope. */
export function createRecordSealer(encryption: RedisEncryptionOptions | undefined): RecordSealer {
  return encryption === undefined
    ? createPlaintextSealer()
    : createEncryptingSealer(new EncryptionKeyRing(encryption), encryption.readPlaintext === true)
}

function createEncryptingSealer(ring: EncryptionKeyRing, readPlaintext: boolean): RecordSealer {
  return {
    encrypted: true,
    seal: (serialized, associatedData) => ring.encrypt(serialized, associatedData),
    open(stored, associatedData) {
      // A plaintext record under an encrypting store was injected or predates encryption: never trust it.
      if (stored.startsWith(PLAINTEXT_TAG)) {
        if (readPlaintext) return Promise.resolve(stored.slice(PLAINTEXT_TAG.length))
        return Promise.reject(
          new StoreError(
            'store_corrupted',
            'A stored record is not encrypted but this store requires encryption: delete the record and connect again.',
          ),
        )
      }
      return ring.decrypt(stored, associatedData)
    },
  }
}

function createPlaintextSealer(): RecordSealer {
  return {
    encrypted: false,
    seal: (serialized) => Promise.resolve(`${PLAINTEXT_TAG}${serialized}`),
    open(stored) {
      if (!stored.startsWith(PLAINTEXT_TAG)) {
        return Promise.reject(
          new StoreError(
            'store_corrupted',
            'A stored record is encrypted (or unrecognised) but this store has no encryption keys: configure `encryption.keys`.',
          ),
        )
      }
      return Promise.resolve(stored.slice(PLAINTEXT_TAG.length))
    },
  }
}
