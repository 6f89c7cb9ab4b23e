import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase64urlNoPadding } from '@oslojs/encoding'
import { sha256 } from './sha256'

const encoder = new TextEncoder()

/**
 * `base64url(SHA-256(utf8(value)))` without padding: how `stateId`, `bindingHash` and the PKCE
 * `code_challenge` are derived (RFC 7636 §4.2).
 *
 * @example
 * ```ts
 * hashToBase64url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk') // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7636#appendix-B
 */
export function hashToBase64url(value: string): string {
  return encodeBase64urlNoPadding(sha256(encoder.encode(value)))
}

/**
 * Compares two strings in time independent of where they differ (only the length leaks), so a
 * `state` or binding cannot be guessed byte by byte from response timing.
 *
 * @example
 * ```ts
 * equalsInConstantTime(pending.state, state)
 * ```
 */
export function equalsInConstantTime(a: string, b: string): boolean {
  return constantTimeEqual(encoder.encode(a), encoder.encode(b))
}
