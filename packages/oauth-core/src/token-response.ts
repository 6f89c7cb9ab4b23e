// STUB
import type { HttpResponse } from './http'

/** A parsed, validated token response in domain (camelCase) form. Prints redacted. */
export interface TokenSet {
  readonly accessToken: string
  readonly refreshToken: string | null
  readonly tokenType: 'Bearer'
  readonly scopes: readonly string[]
  readonly expiresAt: number
  readonly obtainedAt: number
}

export interface TokenResponseContext {
  readonly now: number
  /** Scopes asked for; used when the response omits `scope` (RFC 6749 §5.1). */
  readonly requestedScopes: readonly string[]
  /** For refreshes: kept when the response has no `refresh_token` (non-rotating servers). */
  readonly previousRefreshToken?: string | null
}

/**
 * Parses a token endpoint response. RFC 6749 §5.1 success → `TokenSet`; §5.2 error bodies →
 * `TokenEndpointError` with the `error` code; anything else (HTML page, non-JSON, missing
 * `access_token`, non-Bearer, absurd lifetime) → `TokenResponseError`.
 */
export function processTokenResponse(response: HttpResponse, context: TokenResponseContext): TokenSet {
  void response
  void context
  throw new Error('not implemented')
}
