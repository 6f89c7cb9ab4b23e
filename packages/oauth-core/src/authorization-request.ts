// STUB
import type { ResolvedConfig } from './config'
import type { PendingAuthorization } from './pending-authorization'
import type { RandomBytes } from './random'

export interface AuthorizationRequestInput {
  readonly instanceKey: string
  /** Defaults to the configured scopes. */
  readonly scopes?: readonly string[]
  /** Same-origin relative path to land on afterwards. Default `/`. Anything else: `UsageError`. */
  readonly returnTo?: string
  readonly now: number
  readonly randomBytes: RandomBytes
}

export interface AuthorizationRequest {
  /** Where to send the browser. */
  readonly url: string
  /** To store (`TokenStore.savePendingAuthorization`) until the callback. */
  readonly pending: PendingAuthorization
  /** Random value to keep in the browser's HttpOnly binding cookie; only its hash is stored. */
  readonly binding: string
}

/**
 * Builds the authorize URL exactly as Radio Workflow documents it: `response_type=code`,
 * `client_id`, `state`, `scope` space-delimited (encoded `%20`), plus `redirect_uri` and PKCE S256
 * when enabled. RFC 6749 §4.1.1, RFC 7636 §4.
 */
export function createAuthorizationRequest(config: ResolvedConfig, input: AuthorizationRequestInput): AuthorizationRequest {
  void config
  void input
  throw new Error('not implemented')
}
