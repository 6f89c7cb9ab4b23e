// SHA-256 (FIPS 180-4 §6.2) in one small function. The core hashes only short strings (state, binding,
// PKCE verifier), and @oslojs/crypto exposes SHA-256 only through its `sha2` entry, which also brings
// SHA-224/384/512 and @oslojs/binary: about a third of the core's bundle for code it never calls.

const ROUND_CONSTANTS = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
])

const INITIAL_HASH = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]

function rotateRight(value: number, bits: number): number {
  return (value >>> bits) | (value << (32 - bits))
}

/**
 * SHA-256 digest of `data` (32 bytes).
 *
 * @example
 * ```ts
 * sha256(new TextEncoder().encode('abc')) // ba7816bf 8f01cfea ... f20015ad
 * ```
 * @see https://csrc.nist.gov/pubs/fips/180-4/upd1/final
 */
export function sha256(data: Uint8Array): Uint8Array {
  // Message, the 0x80 marker and the 64-bit big-endian bit length, padded to whole 64-byte blocks.
  const paddedLength = Math.ceil((data.length + 9) / 64) * 64
  const message = new Uint8Array(paddedLength)
  message.set(data)
  message[data.length] = 0x80
  const view = new DataView(message.buffer)
  const bitLength = data.length * 8
  view.setUint32(paddedLength - 8, Math.floor(bitLength / 2 ** 32))
  view.setUint32(paddedLength - 4, bitLength >>> 0)

  const hash = Uint32Array.from(INITIAL_HASH)
  const schedule = new Uint32Array(64)
  for (let block = 0; block < paddedLength; block += 64) {
    for (let t = 0; t < 16; t++) schedule[t] = view.getUint32(block + t * 4)
    for (let t = 16; t < 64; t++) {
      const w15 = schedule[t - 15]!
      const w2 = schedule[t - 2]!
      const sigma0 = rotateRight(w15, 7) ^ rotateRight(w15, 18) ^ (w15 >>> 3)
      const sigma1 = rotateRight(w2, 17) ^ rotateRight(w2, 19) ^ (w2 >>> 10)
      schedule[t] = schedule[t - 16]! + sigma0 + schedule[t - 7]! + sigma1
    }
    let [a, b, c, d, e, f, g, h] = hash as unknown as number[]
    for (let t = 0; t < 64; t++) {
      const sum1 = rotateRight(e!, 6) ^ rotateRight(e!, 11) ^ rotateRight(e!, 25)
      const choice = (e! & f!) ^ (~e! & g!)
      const temp1 = (h! + sum1 + choice + ROUND_CONSTANTS[t]! + schedule[t]!) | 0
      const sum0 = rotateRight(a!, 2) ^ rotateRight(a!, 13) ^ rotateRight(a!, 22)
      const majority = (a! & b!) ^ (a! & c!) ^ (b! & c!)
      h = g
      g = f
      f = e
      e = (d! + temp1) | 0
      d = c
      c = b
      b = a
      a = (temp1 + sum0 + majority) | 0
    }
    const working = [a, b, c, d, e, f, g, h]
    for (let i = 0; i < 8; i++) hash[i] = hash[i]! + working[i]!
  }
  const digest = new Uint8Array(32)
  const digestView = new DataView(digest.buffer)
  for (let i = 0; i < 8; i++) digestView.setUint32(i * 4, hash[i]!)
  return digest
}
