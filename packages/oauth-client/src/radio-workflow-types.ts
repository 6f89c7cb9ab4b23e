// CONTRACT: the facade's public shape. Implementations may add members, not change these.
import type {
  ExpiryClass,
  RadioWorkflowConfigInput,
  RandomBytes,
  RefreshLock,
  ResolvedConfig,
  StoredConnectionStatus,
  TokenStore,
} from '@rw/oauth-core'
import type { TokenCacheOptions, TokenCacheStatistics } from './token-cache'

/** Minimal logger port; the SDK never passes it tokens or secrets. */
export interface RadioWorkflowLogger {
  /** Diagnostics. The default console logger drops them. */
  debug(message: string, fields?: Record<string, unknown>): void
  /** Something went wrong and the SDK carried on, e.g. a transient refresh failure while the token is still valid. */
  warn(message: string, fields?: Record<string, unknown>): void
  /** A failure in your code the SDK contained, e.g. an event listener that threw. */
  error(message: string, fields?: Record<string, unknown>): void
}

/**
 * Options of `createRadioWorkflow`: the protocol configuration (partner credentials, redirect URI,
 * endpoints, scopes) plus the runtime ports. Every port has a default that works on Node 20+ and in
 * Web-APIs-only runtimes.
 */
export interface CreateRadioWorkflowOptions extends RadioWorkflowConfigInput {
  /** Where connections live. In-memory by default; `new RedisTokenStore({ redis })` to share across processes. */
  readonly store?: TokenStore
  /** Refresh lock. Defaults to `store` when it also implements `RefreshLock`, else an in-process lock. */
  readonly lock?: RefreshLock
  /** Transport for the token endpoints and the API. Defaults to `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch
  /** Clock port (epoch ms). Defaults to `Date.now`. */
  readonly now?: () => number
  /** Randomness port. Defaults to `crypto.getRandomValues`. */
  readonly randomBytes?: RandomBytes
  /** Deadline for one token endpoint call. Default 10 000 ms. */
  readonly httpTimeoutMs?: number
  /** Token endpoint responses larger than this are rejected. Default 64 KiB. */
  readonly maxTokenResponseBytes?: number
  /** Refresh lock lease; must exceed `httpTimeoutMs`. Default 30 000 ms. */
  readonly lockLeaseMs?: number
  /** How long a caller waits for another process's refresh before `RefreshTimeoutError`. Default lease + deadline. */
  readonly refreshWaitMs?: number
  /** Where the SDK logs; it never passes tokens or secrets. Default: warnings and errors to `console`, debug dropped. */
  readonly logger?: RadioWorkflowLogger
  /**
   * Opt-in in-process token cache: a fresh access token is served from memory without a store round trip,
   * and dropped as soon as any process refreshes, disconnects or reconnects the instance (through the store's
   * change feed; the store must offer `subscribeToChanges`). Never served inside the refresh window; not
   * served at all while the change feed is down. Default off.
   */
  readonly cache?: TokenCacheOptions
}

/** What the SDK tells about a connection. Never contains a token. */
export interface ConnectionInfo {
  readonly instanceKey: string
  readonly status: StoredConnectionStatus
  readonly expiry: ExpiryClass
  readonly expiresAt: number
  readonly version: number
  readonly scopes: readonly string[]
  readonly obtainedAt: number
  readonly lastRefreshAt: number | null
}

/** Input of `rw.startAuthorization`. */
export interface StartAuthorizationInput {
  /** Your key for the customer instance being connected (from your own session or route, never from the callback). */
  readonly instanceKey: string
  /** Scopes to request, e.g. `['basic', 'edit-logs']`. Default the configured `scopes`. */
  readonly scopes?: readonly string[]
  /** Same-origin relative path to return to. Default `/`. */
  readonly returnTo?: string
}

/**
 * A started authorization: send the browser to `url` and remember `binding` in its cookie.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export interface StartedAuthorization {
  /** Redirect the browser here. */
  readonly url: string
  /** Put in the HttpOnly binding cookie (see `createBindingCookie`) and hand back to `completeAuthorization`. */
  readonly binding: string
  /** When the pending authorization (and so `state`) expires, epoch ms. */
  readonly expiresAt: number
}

/** Result of `rw.completeAuthorization`: which instance got connected and where to send the browser. */
export interface CompletedAuthorization {
  readonly instanceKey: string
  readonly returnTo: string
  readonly connection: ConnectionInfo
}

/** Events of `rw.on(event, listener)` and their payloads. None carries a token. */
export interface RadioWorkflowEvents {
  /** An authorization completed and the instance's first (or replacing) record was saved. */
  readonly connected: { readonly instanceKey: string; readonly version: number }
  /** This process refreshed the instance's tokens and saved `version`. */
  readonly refreshed: { readonly instanceKey: string; readonly version: number; readonly expiresAt: number }
  /** The refresh token was rejected (`invalid_grant`, confirmed after re-reading the store): the customer must connect again. */
  readonly reauthorization_required: { readonly instanceKey: string; readonly oauthError: string }
  /** A refresh response was lost, so the server may have rotated the refresh token; the stored status says so until a later refresh settles it. */
  readonly refresh_outcome_unknown: { readonly instanceKey: string }
  /** `rw.disconnect` deleted the instance's connection. */
  readonly disconnected: { readonly instanceKey: string }
}

/**
 * The client `createRadioWorkflow` returns: connect customer instances, keep their tokens fresh and call
 * the API on their behalf. Safe to share across requests; every method is keyed by `instanceKey`.
 *
 * @example
 * ```ts
 * const { url, binding } = await rw.startAuthorization({ instanceKey: 'desert-broadcasters', returnTo: '/settings' })
 * // ... the browser comes back to your redirect URI ...
 * const { instanceKey, returnTo } = await rw.completeAuthorization(request.url, { binding })
 * const logs = await rw.fetch(instanceKey, '/logs').then((response) => response.json())
 * ```
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export interface RadioWorkflow {
  /** The validated configuration with defaults applied. The secret inside prints redacted. */
  readonly config: ResolvedConfig
  /**
   * Creates and stores a pending authorization (`state`, PKCE verifier, `returnTo`) and returns the authorize URL
   * and the browser binding to set as a cookie.
   */
  startAuthorization(input: StartAuthorizationInput): Promise<StartedAuthorization>
  /** Validates the callback (state, browser binding), exchanges the code once and stores the connection. */
  completeAuthorization(
    callbackUrl: string | URL,
    options: { readonly binding: string | null | undefined },
  ): Promise<CompletedAuthorization>
  /** A valid access token; refreshes when due, exactly once across processes sharing the store. */
  getAccessToken(instanceKey: string): Promise<string>
  /** Forces one refresh (coalesced with any in flight) and returns the new connection info. */
  refresh(instanceKey: string): Promise<ConnectionInfo>
  /** `fetch` with the Bearer token attached; relative paths resolve against `endpoints.api`. On 401: one forced refresh and one retry. */
  fetch(instanceKey: string, path: string | URL, init?: RequestInit): Promise<Response>
  /** The instance's connection as data (status, expiry, version, scopes), or `null` when it was never connected. */
  getConnection(instanceKey: string): Promise<ConnectionInfo | null>
  /** Deletes the stored connection. Returns whether one existed. */
  disconnect(instanceKey: string): Promise<boolean>
  /** Subscribes to an event of {@link RadioWorkflowEvents}; returns the function that unsubscribes. */
  on<E extends keyof RadioWorkflowEvents>(event: E, listener: (payload: RadioWorkflowEvents[E]) => void): () => void
  /** Hits, misses and state of the in-process token cache; `undefined` without the `cache` option. */
  getTokenCacheStatistics(): TokenCacheStatistics | undefined
}
