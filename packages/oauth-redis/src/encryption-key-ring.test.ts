import { ConfigurationError } from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import { EncryptionKeyRing } from './encryption-key-ring'

const bytes = (fill: number) => new Uint8Array(32).fill(fill)

describe('EncryptionKeyRing', () => {
  it('round-trips under the same associated data and never contains the plaintext', async () => {
    const ring = new EncryptionKeyRing({ keys: [{ id: 'k1', key: bytes(1) }] })
    const sealed = await ring.encrypt('secret-token', 'app:v1:{a}:connection')
    expect(sealed).toMatch(/^e1\.k1\.[\w-]{16}\.[\w-]+$/)
    expect(sealed).not.toContain('secret-token')
    expect(await ring.decrypt(sealed, 'app:v1:{a}:connection')).toBe('secret-token')
    expect(await ring.encrypt('secret-token', 'ad')).not.toBe(await ring.encrypt('secret-token', 'ad'))
  })

  it('fails with store_corrupted on other associated data, tampering or an unknown key id', async () => {
    const ring = new EncryptionKeyRing({ keys: [{ id: 'k1', key: bytes(1) }] })
    const sealed = await ring.encrypt('x', 'a')
    await expect(ring.decrypt(sealed, 'b')).rejects.toMatchObject({ code: 'store_corrupted' })
    await expect(ring.decrypt(sealed.replace('e1.k1.', 'e1.k9.'), 'a')).rejects.toMatchObject({
      code: 'store_corrupted',
    })
    await expect(ring.decrypt('p1.{"a":1}', 'a')).rejects.toMatchObject({ code: 'store_corrupted' })
    const other = new EncryptionKeyRing({ keys: [{ id: 'k1', key: bytes(2) }] })
    await expect(other.decrypt(sealed, 'a')).rejects.toMatchObject({ code: 'store_corrupted' })
  })

  it('encrypts with the first key and decrypts with any', async () => {
    const old = new EncryptionKeyRing({ keys: [{ id: 'k1', key: bytes(1) }] })
    const ring = new EncryptionKeyRing({
      keys: [
        { id: 'k2', key: Buffer.from(bytes(2)).toString('base64') },
        { id: 'k1', key: bytes(1) },
      ],
    })
    expect(await ring.decrypt(await old.encrypt('x', 'a'), 'a')).toBe('x')
    expect(await ring.encrypt('x', 'a')).toMatch(/^e1\.k2\./)
  })

  it('rejects bad configuration at construction, naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ keys: [] }, /at least one key/],
      [{ keys: [{ id: 'bad id', key: bytes(1) }] }, /keys\[0\]\.id/],
      [{ keys: [{ id: 'k1', key: bytes(1).subarray(1) }] }, /exactly 32 random bytes.*31 bytes/],
      [{ keys: [{ id: 'k1', key: 'not base64!' }] }, /keys\[0\]\.key/],
      [
        {
          keys: [
            { id: 'k1', key: bytes(1) },
            { id: 'k1', key: bytes(2) },
          ],
        },
        /unique/,
      ],
    ]
    for (const [options, message] of cases) {
      const build = () => new EncryptionKeyRing(options as ConstructorParameters<typeof EncryptionKeyRing>[0])
      expect(build).toThrow(ConfigurationError)
      expect(build).toThrow(message)
    }
  })

  it('never prints key material', () => {
    const key = Buffer.from(bytes(9)).toString('base64')
    const ring = new EncryptionKeyRing({ keys: [{ id: 'k1', key }] })
    expect(JSON.stringify(ring)).not.toContain(key)
    expect(String(ring)).not.toContain(key)
  })
})

describe.each(['node', 'web'] as const)('EncryptionKeyRing on the %s backend', (backend) => {
  const other = backend === 'node' ? 'web' : 'node'
  const keys = [{ id: 'k1', key: bytes(3) }]

  it(`uses ${backend} and opens what the ${other} backend sealed, and the other way round`, async () => {
    const ring = new EncryptionKeyRing({ keys }, backend)
    const otherRing = new EncryptionKeyRing({ keys }, other)
    expect(ring.backend).toBe(backend)
    const text = 'tökén ✓ {"accessToken":"a"}'
    expect(await ring.decrypt(await otherRing.encrypt(text, 'ad:ü'), 'ad:ü')).toBe(text)
    expect(await otherRing.decrypt(await ring.encrypt(text, 'ad:ü'), 'ad:ü')).toBe(text)
    expect(await ring.decrypt(await ring.encrypt('', 'ad'), 'ad')).toBe('')
  })

  it('rejects tampering, other associated data and a truncated tag with store_corrupted', async () => {
    const ring = new EncryptionKeyRing({ keys }, backend)
    const sealed = await ring.encrypt('secret', 'a')
    const [tag, keyId, iv, body] = sealed.split('.') as [string, string, string, string]
    const bytesOf = Buffer.from(body, 'base64url')
    bytesOf[0]! ^= 1
    const flipped = [tag, keyId, iv, bytesOf.toString('base64url')].join('.')
    const truncated = [tag, keyId, iv, Buffer.from(body, 'base64url').subarray(0, 10).toString('base64url')].join('.')
    for (const [envelope, associatedData] of [
      [flipped, 'a'],
      [sealed, 'b'],
      [truncated, 'a'],
    ] as const) {
      await expect(ring.decrypt(envelope, associatedData)).rejects.toMatchObject({ code: 'store_corrupted' })
    }
  })
})
