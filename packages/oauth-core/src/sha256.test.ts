import { sha256 as referenceSha256 } from '@oslojs/crypto/sha2'
import { encodeHexLowerCase } from '@oslojs/encoding'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256 } from './sha256'

const hexDigestOf = (text: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(text)))

describe('sha256', () => {
  // FIPS 180-4 example vectors (NIST CSRC "SHA-256" examples) plus the padding edges.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('hashes %j like the standard says', (input, expected) => {
    expect(hexDigestOf(input)).toBe(expected)
  })

  it('agrees with a reference implementation on every length around the block and padding boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff)
      expect(encodeHexLowerCase(sha256(data)), `length ${length}`).toBe(encodeHexLowerCase(referenceSha256(data)))
    }
  })

  it('agrees with a reference implementation on arbitrary input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (data) => {
        expect(encodeHexLowerCase(sha256(data))).toBe(encodeHexLowerCase(referenceSha256(data)))
      }),
    )
  })
})
