import { encodeBase64urlNoPadding } from '@oslojs/encoding'
import { UsageError } from './errors'
import type { RandomBytes } from './random'

/** 32 bytes = 256 bits: above the 128 bits RFC 6749 §10.10 asks for, and a 43-char PKCE verifier. */
export const RANDOM_TOKEN_BYTES = 32

/**
 * Draws {@link RANDOM_TOKEN_BYTES} bytes from the port and encodes them base64url without padding
 * (43 URL-safe characters, valid as a PKCE `code_verifier`, RFC 7636 §4.1).
 *
 * @example
 * ```ts
 * createRandomToken((n) => crypto.getRandomValues(new Uint8Array(n)))
 * ```
 */
export function createRandomToken(randomBytes: RandomBytes): string {
  if (typeof randomBytes !== 'function') {
    throw new UsageError('randomBytes must be a function returning cryptographically random bytes.')
  }
  const bytes = randomBytes(RANDOM_TOKEN_BYTES)
  if (!(bytes instanceof Uint8Array) || bytes.length !== RANDOM_TOKEN_BYTES) {
    throw new UsageError(
      `randomBytes(${RANDOM_TOKEN_BYTES}) must return a Uint8Array of exactly ${RANDOM_TOKEN_BYTES} bytes.`,
    )
  }
  return encodeBase64urlNoPadding(bytes)
}
