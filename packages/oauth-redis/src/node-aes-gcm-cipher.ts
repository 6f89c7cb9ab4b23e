import type { AesGcmCipher } from './aes-gcm-cipher'

type NodeCrypto = typeof import('node:crypto')
type KeyObject = import('node:crypto').KeyObject

const ALGORITHM = 'aes-256-gcm'
const TAG_BYTES = 16

/**
 * `process.getBuiltinModule` (Node 20.16+, 22.3+, Deno, Bun) instead of `import 'node:crypto'`: bundlers
 * for edge runtimes then never see a Node import, and a runtime without it falls back to Web Crypto.
 */
export function loadNodeCrypto(): NodeCrypto | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    const loaded = runtime?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined
    return typeof loaded?.createDecipheriv === 'function' ? loaded : undefined
  } catch {
    return undefined
  }
}

/** AES-256-GCM through `node:crypto`. Keys are held as `KeyObject`s (they never print their bytes). */
export function createNodeAesGcmCipher(
  nodeCrypto: NodeCrypto,
  entries: readonly (readonly [string, Uint8Array<ArrayBuffer>])[],
): AesGcmCipher {
  const keys = new Map<string, KeyObject>(entries.map(([id, bytes]) => [id, nodeCrypto.createSecretKey(bytes)]))
  const keyOf = (keyId: string): KeyObject => {
    const key = keys.get(keyId)
    if (key === undefined) throw new Error('unknown key id')
    return key
  }
  return {
    backend: 'node',
    encrypt(keyId, iv, plaintext, associatedData) {
      try {
        const cipher = nodeCrypto.createCipheriv(ALGORITHM, keyOf(keyId), iv, { authTagLength: TAG_BYTES })
        cipher.setAAD(Buffer.from(associatedData, 'utf8'))
        const head = cipher.update(plaintext, 'utf8')
        const tail = cipher.final()
        return Promise.resolve(Buffer.concat([head, tail, cipher.getAuthTag()]))
      } catch (error) {
        return Promise.reject(error)
      }
    },
    decrypt(keyId, iv, sealed, associatedData) {
      try {
        if (sealed.byteLength < TAG_BYTES) throw new Error('too short')
        const split = sealed.byteLength - TAG_BYTES
        const decipher = nodeCrypto.createDecipheriv(ALGORITHM, keyOf(keyId), iv, { authTagLength: TAG_BYTES })
        decipher.setAAD(Buffer.from(associatedData, 'utf8'))
        decipher.setAuthTag(sealed.subarray(split))
        const head = decipher.update(sealed.subarray(0, split))
        // final() throws when the tag does not authenticate the ciphertext and associated data.
        const tail = decipher.final()
        return Promise.resolve(tail.byteLength === 0 ? head : Buffer.concat([head, tail]))
      } catch (error) {
        return Promise.reject(error)
      }
    },
  }
}
