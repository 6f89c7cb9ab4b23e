import { encodeBase64Url } from 'hono/utils/encode'

// RFC 7636 §4.1: 43–128 characters from the unreserved set.
const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/
// RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is always 43 characters.
const CODE_CHALLENGE_PATTERN = /^[A-Za-z0-9\-_]{43}$/

export function isValidCodeVerifier(verifier: string): boolean {
  return CODE_VERIFIER_PATTERN.test(verifier)
}

export function isValidCodeChallenge(challenge: string): boolean {
  return CODE_CHALLENGE_PATTERN.test(challenge)
}

/** Computes the S256 challenge of a verifier (RFC 7636 §4.2). */
export async function computeCodeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return encodeBase64Url(digest).replace(/=+$/, '')
}
