import type { ResolvedConfig } from './config'
import { UsageError } from './errors'
import { hashToBase64url } from './hash'
import { validateInstanceKey } from './instance-key'
import type { PendingAuthorization } from './pending-authorization'
import { createPendingAuthorization } from './pending-authorization-serialization'
import type { RandomBytes } from './random'
import { createRandomToken } from './random-token'
import { validateReturnTo } from './return-to'
import { isScopeToken } from './scope'

/** Input of {@link createAuthorizationRequest}: the instance being connected plus the clock and randomness ports. */
export interface AuthorizationRequestInput {
  /** Your key for the customer instance; stored in the pending authorization, never read back from the callback. */
  readonly instanceKey: string
  /** Defaults to the configured scopes. */
  readonly scopes?: readonly string[]
  /** Same-origin relative path to land on afterwards. Default `/`. Anything else: `UsageError`. */
  readonly returnTo?: string
  /** Current time, epoch ms: starts the pending authorization's lifetime. */
  readonly now: number
  /** Randomness port for `state`, the PKCE verifier and the binding. */
  readonly randomBytes: RandomBytes
}

/**
 * A built authorization request: the URL to redirect to, what to store, what to put in the browser cookie.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
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
 * when enabled. Query parameters already in the configured authorize URL are kept.
 *
 * `state`, the PKCE verifier and the browser binding are 256 random bits each from the port;
 * the pending record is keyed by `stateId = base64url(sha256(state))` and keeps only the
 * binding's hash.
 *
 * @example
 * ```ts
 * const { url, pending, binding } = createAuthorizationRequest(config, {
 *   instanceKey: 'desert-broadcasters',
 *   returnTo: '/stations',
 *   now, // epoch ms from your clock: the core never reads one
 *   randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4
 */
export function createAuthorizationRequest(
  config: ResolvedConfig,
  input: AuthorizationRequestInput,
): AuthorizationRequest {
  const instanceKey = validateInstanceKey(input.instanceKey)
  const returnTo = validateReturnTo(input.returnTo)
  const scopes = input.scopes === undefined ? config.scopes : validateRequestedScopes(input.scopes)
  if (typeof input.now !== 'number' || !Number.isFinite(input.now)) {
    throw new UsageError('now must be the current time in epoch milliseconds.')
  }
  const state = createRandomToken(input.randomBytes)
  const codeVerifier = config.pkce ? createRandomToken(input.randomBytes) : null
  const binding = createRandomToken(input.randomBytes)

  const parameters: [string, string][] = [
    ['response_type', 'code'],
    ['client_id', config.partnerKey],
    ['state', state],
    ['scope', scopes.join(' ')],
  ]
  if (config.sendRedirectUri) parameters.push(['redirect_uri', config.redirectUri])
  if (codeVerifier !== null) {
    parameters.push(['code_challenge', hashToBase64url(codeVerifier)], ['code_challenge_method', 'S256'])
  }

  const pending = createPendingAuthorization({
    stateId: hashToBase64url(state),
    state,
    bindingHash: hashToBase64url(binding),
    codeVerifier,
    instanceKey,
    scopes,
    returnTo,
    redirectUri: config.redirectUri,
    createdAt: input.now,
    expiresAt: input.now + config.pendingAuthorizationTtlMs,
  })
  return { url: appendQueryParameters(config.endpoints.authorize, parameters), pending, binding }
}

function validateRequestedScopes(scopes: readonly string[]): readonly string[] {
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every(isScopeToken)) {
    throw new UsageError('scopes must be a non-empty array of scope names without spaces, e.g. ["basic", "edit-logs"].')
  }
  return Object.freeze([...new Set(scopes)])
}

/**
 * Appends parameters percent-encoded per RFC 3986 (space as `%20`, which Radio Workflow documents
 * for `scope`), keeping the existing query text byte for byte except parameters we set ourselves.
 */
function appendQueryParameters(base: string, parameters: readonly [string, string][]): string {
  const url = new URL(base)
  const ours = new Set(parameters.map(([name]) => name))
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !ours.has(new URLSearchParams(pair).keys().next().value ?? ''))
  const added = parameters.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
  url.search = `?${[...kept, ...added].join('&')}`
  return url.href
}
