import type { AesGcmCipher } from './aes-gcm-cipher'

const encoder = new TextEncoder()

/**
 * AES-256-GCM through Web Crypto (`globalThis.crypto.subtle`). Keys are imported as non-extractable
 * `CryptoKey`s, so the raw bytes are not kept.
 */
export function createWebAesGcmCipher(entries: readonly (readonly [string, Uint8Array<ArrayBuffer>])[]): AesGcmCipher {
  const keys = importKeys(entries)
  // Import failures surface on first use; without this they would be unhandled rejections.
  keys.catch(() => {})
  const keyOf = async (keyId: string): Promise<CryptoKey> => {
    const key = (await keys).get(keyId)
    if (key === undefined) throw new Error('unknown key id')
    return key
  }
  return {
    backend: 'web',
    async encrypt(keyId, iv, plaintext, associatedData) {
      const sealed = await globalThis.crypto.subtle.encrypt(
        { name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: encoder.encode(associatedData) },
        await keyOf(keyId),
        encoder.encode(plaintext),
      )
      return new Uint8Array(sealed)
    },
    async decrypt(keyId, iv, sealed, associatedData) {
      const plaintext = await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: encoder.encode(associatedData) },
        await keyOf(keyId),
        new Uint8Array(sealed),
      )
      return new Uint8Array(plaintext)
    },
  }
}

async function importKeys(
  entries: readonly (readonly [string, Uint8Array<ArrayBuffer>])[],
): Promise<ReadonlyMap<string, CryptoKey>> {
  const imported = await Promise.all(
    entries.map(
      async ([id, bytes]) =>
        [id, await globalThis.crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt'])] as const,
    ),
  )
  return new Map(imported)
}
