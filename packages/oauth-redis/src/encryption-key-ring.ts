import { ConfigurationError, StoreError } from '@rw/oauth-core'
import { type AesGcmBackend, type AesGcmCipher, createAesGcmCipher } from './aes-gcm-cipher'

/** One AES-256-GCM key of the ring. */
export interface RedisEncryptionKey {
  /** Short name stored beside every ciphertext so the right key decrypts it: 1–32 of `A-Z a-z 0-9 _ -`. */
  readonly id: string
  /** Exactly 32 random bytes, raw or as a base64 / base64url string (e.g. `openssl rand -base64 32`). */
  readonly key: Uint8Array | string
}

/**
 * Encryption at rest (AES-256-GCM, an AEAD per RFC 5116). The first key encrypts every write;
 * every key decrypts, so rotation is: put the new key first, keep the old one until all records
 * were rewritten.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5116#section-5.1
 * @example
 * ```ts
 * encryption: { keys: [{ id: '2026-06', key: process.env.RW_TOKEN_KEY_NEW }, { id: '2026-01', key: process.env.RW_TOKEN_KEY }] }
 * ```
 */
export interface RedisEncryptionOptions {
  readonly keys: readonly RedisEncryptionKey[]
  /**
   * Migration only (`rw-oauth migrate encrypt`): also read records written before encryption was
   * configured. Writes are always encrypted. Remove it once the migration reported no plaintext record.
   */
  readonly readPlaintext?: boolean
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/
const IV_BYTES = 12
/** First field of an encrypted envelope. */
export const ENVELOPE_TAG = 'e1'
const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * AES-256-GCM with envelope `e1.<keyId>.<iv>.<ciphertext+tag>`, through `node:crypto` where the runtime has
 * it and Web Crypto elsewhere (same envelope either way; see `createAesGcmCipher`). Keys are validated
 * synchronously, so bad configuration fails at construction.
 */
export class EncryptionKeyRing {
  readonly #primaryId: string
  readonly #keyIds: ReadonlySet<string>
  readonly #cipher: AesGcmCipher

  /** `backend` is for tests (interoperability of the two backends); stores always use `auto`. */
  constructor(options: RedisEncryptionOptions, backend: AesGcmBackend | 'auto' = 'auto') {
    const entries = validateKeys(options)
    this.#primaryId = entries[0]![0]
    this.#keyIds = new Set(entries.map(([id]) => id))
    this.#cipher = createAesGcmCipher(entries, backend)
  }

  get primaryKeyId(): string {
    return this.#primaryId
  }

  /** Which AES-GCM implementation this ring uses. */
  get backend(): AesGcmBackend {
    return this.#cipher.backend
  }

  async encrypt(plaintext: string, associatedData: string): Promise<string> {
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES))
    const sealed = await this.#cipher.encrypt(this.#primaryId, iv, plaintext, associatedData)
    return `${ENVELOPE_TAG}.${this.#primaryId}.${toBase64url(iv)}.${toBase64url(sealed)}`
  }

  /** Throws `StoreError('store_corrupted')` for anything but an untampered envelope under a known key and this associated data. */
  async decrypt(envelope: string, associatedData: string): Promise<string> {
    const parts = envelope.split('.')
    if (parts.length !== 4 || parts[0] !== ENVELOPE_TAG) {
      throw corrupted('is not an encrypted envelope (was it written without encryption?)')
    }
    const [, keyId, iv, ciphertext] = parts as [string, string, string, string]
    if (!this.#keyIds.has(keyId)) throw corrupted('is encrypted with a key id that is not in the key ring')
    let plaintext: Uint8Array
    try {
      plaintext = await this.#cipher.decrypt(keyId, fromBase64url(iv), fromBase64url(ciphertext), associatedData)
    } catch {
      throw corrupted('failed authentication (tampered, moved from another key, or encrypted with other key material)')
    }
    try {
      return decoder.decode(plaintext)
    } catch {
      throw corrupted('decrypted to invalid UTF-8')
    }
  }
}

function validateKeys(options: RedisEncryptionOptions): [string, Uint8Array<ArrayBuffer>][] {
  if (!Array.isArray(options?.keys) || options.keys.length === 0) {
    throw new ConfigurationError(
      'encryption.keys',
      'encryption.keys must list at least one key: [{ id, key }] with a 32-byte key (the first one encrypts).',
    )
  }
  const seen = new Set<string>()
  return options.keys.map((entry, index) => {
    const field = `encryption.keys[${index}]`
    if (typeof entry?.id !== 'string' || !KEY_ID.test(entry.id)) {
      throw new ConfigurationError(`${field}.id`, `${field}.id must be 1–32 characters of A-Z a-z 0-9 _ -.`)
    }
    if (seen.has(entry.id)) {
      throw new ConfigurationError(`${field}.id`, `${field}.id "${entry.id}" appears twice: key ids must be unique.`)
    }
    seen.add(entry.id)
    return [entry.id, decodeKey(entry.key, `${field}.key`)]
  })
}

function decodeKey(key: Uint8Array | string, field: string): Uint8Array<ArrayBuffer> {
  const fix = `${field} must be exactly 32 random bytes (a Uint8Array, or base64 such as the output of \`openssl rand -base64 32\`).`
  let bytes: Uint8Array<ArrayBuffer>
  if (key instanceof Uint8Array) bytes = new Uint8Array(key)
  else if (typeof key === 'string' && BASE64.test(key)) bytes = new Uint8Array(Buffer.from(key, 'base64'))
  else throw new ConfigurationError(field, fix)
  if (bytes.length !== 32) throw new ConfigurationError(field, `${fix} It has ${bytes.length} bytes.`)
  return bytes
}

function corrupted(reason: string): StoreError {
  return new StoreError(
    'store_corrupted',
    `A stored value ${reason}: check the encryption key ring, or delete the record and connect again.`,
  )
}

function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
}

function fromBase64url(text: string): Uint8Array {
  return Buffer.from(text, 'base64url')
}
