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

/** Minimal logger port; the SDK never passes it tokens or secrets. */
export interface RadioWorkflowLogger {
  debug(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

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
  readonly logger?: RadioWorkflowLogger
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

export interface StartAuthorizationInput {
  /** Your key for the customer instance being connected (from your own session or route, never from the callback). */
  readonly instanceKey: string
  readonly scopes?: readonly string[]
  /** Same-origin relative path to return to. Default `/`. */
  readonly returnTo?: string
}

export interface StartedAuthorization {
  /** Redirect the browser here. */
  readonly url: string
  /** Put in the HttpOnly binding cookie (see `createBindingCookie`) and hand back to `completeAuthorization`. */
  readonly binding: string
  readonly expiresAt: number
}

export interface CompletedAuthorization {
  readonly instanceKey: string
  readonly returnTo: string
  readonly connection: ConnectionInfo
}

export interface RadioWorkflowEvents {
  readonly connected: { readonly instanceKey: string; readonly version: number }
  readonly refreshed: { readonly instanceKey: string; readonly version: number; readonly expiresAt: number }
  readonly reauthorization_required: { readonly instanceKey: string; readonly oauthError: string }
  readonly refresh_outcome_unknown: { readonly instanceKey: string }
  readonly disconnected: { readonly instanceKey: string }
}

export interface RadioWorkflow {
  readonly config: ResolvedConfig
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
  getConnection(instanceKey: string): Promise<ConnectionInfo | null>
  /** Deletes the stored connection. Returns whether one existed. */
  disconnect(instanceKey: string): Promise<boolean>
  on<E extends keyof RadioWorkflowEvents>(event: E, listener: (payload: RadioWorkflowEvents[E]) => void): () => void
}
