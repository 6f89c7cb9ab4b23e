// STUB
import type { ResolvedConfig } from './config'
import type { HttpRequest } from './http'
import type { PendingAuthorization } from './pending-authorization'

/**
 * Code exchange request to the "token" endpoint: form body `grant_type=authorization_code`, `code`,
 * `redirect_uri`, `code_verifier`; `Authorization: Basic` per RFC 6749 §2.3.1 (id and secret
 * form-urlencoded before base64). The secret is never in the URL or body.
 */
export function createTokenRequest(config: ResolvedConfig, input: { readonly code: string; readonly pending: PendingAuthorization }): HttpRequest {
  void config
  void input
  throw new Error('not implemented')
}

/** Refresh request to the "refreshToken" endpoint: `grant_type=refresh_token`, `refresh_token`. RFC 6749 §6. */
export function createRefreshRequest(config: ResolvedConfig, input: { readonly refreshToken: string }): HttpRequest {
  void config
  void input
  throw new Error('not implemented')
}
