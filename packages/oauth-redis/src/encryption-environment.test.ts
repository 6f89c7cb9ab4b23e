import { describe, expect, it } from 'vitest'
import { readEncryptionFromEnvironment } from './encryption-environment'

const KEY_1 = Buffer.alloc(32, 1).toString('base64')
const KEY_2 = Buffer.alloc(32, 2).toString('base64')

describe('readEncryptionFromEnvironment', () => {
  it('reads the ring in order, the first key encrypting', () => {
    expect(readEncryptionFromEnvironment({ RW_TOKEN_KEYS: `k2:${KEY_2}, k1:${KEY_1}` })).toEqual({
      keys: [
        { id: 'k2', key: KEY_2 },
        { id: 'k1', key: KEY_1 },
      ],
    })
  })

  it('is undefined without RW_TOKEN_KEYS and turns on plaintext reads only when asked', () => {
    expect(readEncryptionFromEnvironment({})).toBeUndefined()
    expect(readEncryptionFromEnvironment({ RW_TOKEN_KEYS: `k1:${KEY_1}`, RW_TOKEN_READ_PLAINTEXT: 'true' })).toEqual({
      keys: [{ id: 'k1', key: KEY_1 }],
      readPlaintext: true,
    })
    expect(() => readEncryptionFromEnvironment({ RW_TOKEN_READ_PLAINTEXT: '1' })).toThrow(/needs RW_TOKEN_KEYS/)
  })

  it('names the bad entry without echoing key material', () => {
    const short = Buffer.alloc(16, 9).toString('base64')
    expect(() => readEncryptionFromEnvironment({ RW_TOKEN_KEYS: `k1:${KEY_1},k2:${short}` })).toThrow(
      expect.objectContaining({
        code: 'configuration_invalid',
        message: expect.stringMatching(/entry 2\.key must be exactly 32/),
      }),
    )
    try {
      readEncryptionFromEnvironment({ RW_TOKEN_KEYS: `k1:${KEY_1},k2:${short}` })
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(short)
    }
    expect(() => readEncryptionFromEnvironment({ RW_TOKEN_KEYS: KEY_1 })).toThrow(/entry 1 must be id:base64key/)
  })
})
