// CONTRACT: the facade's public shape. Implementations may add members, not change these.

import type {
  BackoffPolicy,
  ConnectionCounts,
  ConnectionPage,
  ConnectionQuery,
  ExpiryClass,
  RadioWorkflowConfigInput,
  RadioWorkflowLogger,
  RandomBytes,
  RefreshBackoff,
  RefreshLock,
  ResolvedConfig,
  StoredConnectionStatus,
  TokenStore,
} from '@rw/oauth-core'
import type { BackgroundRefreshOptions, RefreshSweepResult, StopBackgroundRefresh } from './background-refresh'
import type { CircuitBreakerOptions } from './circuit-breaker'
import type { HealthCheckOptions, RadioWorkflowHealth } from './health-check'
import type { RadioWorkflowInstrumentation } from './instrumentation'
import type { TokenCacheOptions, TokenCacheStatistics } from './token-cache'

export type { RadioWorkflowLogger } from '@rw/oauth-core'

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
   * Monotonic clock port (ms) that judges whether the refresh lease is surely still held right before a
   * refresh token is sent. Default `performance.now`. A pause of the process (GC, VM freeze, SIGSTOP)
   * counts against the lease: `lockLeaseMs` must exceed the longest pause your deployment expects.
   */
  readonly monotonicNow?: () => number
  /**
   * How long a refreshed pair whose save failed because the store was unreachable is kept, served in
   * this process and its save retried, before giving up (the connection is then marked
   * `refresh_outcome_unknown`). Default 60 000 ms.
   */
  readonly saveRetryMs?: number
  /**
   * When a refresh call's outcome is unknown (its answer was lost, or another process's marker outlived its
   * lease: that process may be paused, not dead), how long past the call's lease to wait before the SDK
   * retries the refresh token once: a request that timed out may still reach the server late, and a
   * paused holder may still send it. Meanwhile a valid access token is served and an expired one fails with
   * `RefreshOutcomeUnknownError` (with `retryAt`). Default `3 × lockLeaseMs`, so pauses up to four leases
   * long never cause a replay.
   */
  readonly unresolvedRetryDelayMs?: number
  /**
   * Per-instance backoff after a refresh fails without rotating anything (5xx, unreachable, 429):
   * exponential with full jitter from `baseMs`, capped at `maxMs`, never sooner than `Retry-After`. Kept on
   * the stored record, so every process honours it. Default `{ baseMs: 1_000, maxMs: 60_000 }`.
   */
  readonly refreshBackoff?: Partial<BackoffPolicy>
  /**
   * The token endpoint's circuit breaker, shared by every process through the store (in process when the
   * store is not a `FleetCoordinator`): after `failureThreshold` failed refreshes within `windowMs` it opens
   * for `openMs`; meanwhile one refresh per `probeIntervalMs` goes through as a probe and the first success
   * closes it. Valid tokens are still served; expired ones fail with `RefreshBackoffError` (`reason:
   * 'circuit_open'`). Default `{ failureThreshold: 10, windowMs: 30_000, openMs: 30_000, probeIntervalMs: 5_000 }`.
   */
  readonly circuitBreaker?: Partial<CircuitBreakerOptions>
  /**
   * Fleet-wide cap on concurrent token-endpoint calls for refreshes made ahead of need (background refresh,
   * and the refresh behind a still-valid `due` token); a refresh that finds no free slot runs later. A caller
   * holding an expired token is never queued behind it. Default 8.
   */
  readonly refreshConcurrency?: number
  /**
   * Optional fleet-wide rate of token-endpoint calls for the same refreshes `refreshConcurrency` caps (never a
   * caller holding an expired token): at most this many per second on average, with bursts of up to one
   * second's worth at once (`max(1, ceil(rate))`); fractions work, e.g. `0.5` for one every 2 s. A refresh
   * that gets no token in time runs later, like one that finds no free slot. Default: no rate.
   */
  readonly refreshRatePerSecond?: number
  /**
   * Traces and metrics of code exchanges, refreshes, lock waits and `rw.fetch`, e.g.
   * `createOpenTelemetryInstrumentation()` from `@rw/oauth-otel`. Default: none (no extra work at all).
   */
  readonly instrumentation?: RadioWorkflowInstrumentation
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
  /**
   * Present while refreshing this instance is backing off after failures (`rw.getConnection` only; listings
   * do not carry it): how many, when the next attempt may happen, and the last error code.
   */
  readonly refreshBackoff?: RefreshBackoff
}

/**
 * A page of `rw.listConnections`: connections as {@link ConnectionInfo}, and the cursor of the next page
 * (`null` on the last).
 *
 * @example
 * ```ts
 * const { connections, cursor } = await rw.listConnections({ status: 'reauthorization_required' })
 * ```
 */
export type ConnectionInfoPage = ConnectionPage<ConnectionInfo>

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
  /**
   * A refresh call failed without rotating anything (the endpoint was unreachable, answered 5xx, or
   * refused the request for another reason than `invalid_grant`); `code` is the SDK error code. The token
   * is still served while it has not expired.
   */
  readonly refresh_failed: {
    readonly instanceKey: string
    readonly code: string
    /** Consecutive failures of this instance, this one included. */
    readonly attempt: number
    /** Epoch ms before which no process retries this instance (backoff, honouring `Retry-After`). */
    readonly nextAttemptAt: number | null
  }
  /** A refresh succeeded after earlier failures of this instance; its backoff is over. */
  readonly recovered: { readonly instanceKey: string; readonly version: number }
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
  /**
   * One page of the store's connections (never a token), filtered by `status` and `expiresBefore`; pass the
   * returned `cursor` back for the next page until it is `null`. Needs a store with a connection registry
   * (the in-memory store and `RedisTokenStore` have one); otherwise rejects with a `UsageError`.
   *
   * @example
   * ```ts
   * let cursor: string | null = null
   * do {
   *   const page = await rw.listConnections({ status: 'reauthorization_required', cursor })
   *   for (const connection of page.connections) await emailOwner(connection.instanceKey)
   *   cursor = page.cursor
   * } while (cursor !== null)
   * ```
   */
  listConnections(query?: ConnectionQuery): Promise<ConnectionInfoPage>
  /** How many stored connections are in each status. Needs a registry, like `listConnections`. */
  countConnections(): Promise<ConnectionCounts>
  /**
   * Refreshes connections ahead of their due time in the background, so callers are served fresh tokens
   * instead of waiting. Safe to run in every process at once (they share the work through the instance
   * locks, the fleet-wide `refreshConcurrency` cap and the optional `refreshRatePerSecond`). Needs a store
   * with a registry. Returns the function that stops it; the returned promise resolves once refreshes in
   * flight are finished and saved.
   *
   * @example
   * ```ts
   * const stop = rw.startBackgroundRefresh({ intervalMs: 15_000 })
   * process.on('SIGTERM', () => void stop().then(() => process.exit(0)))
   * ```
   */
  startBackgroundRefresh(options?: BackgroundRefreshOptions): StopBackgroundRefresh
  /**
   * One background-refresh sweep, for a cron job or a serverless schedule: refreshes the connections
   * coming due and resolves when they are saved. Same options as `startBackgroundRefresh`.
   *
   * @example
   * ```ts
   * const { refreshed, skipped, failed } = await rw.refreshDueConnections({ leadMs: 5 * 60_000 })
   * ```
   */
  refreshDueConnections(options?: BackgroundRefreshOptions): Promise<RefreshSweepResult>
  /**
   * Whether this process can serve tokens: the store answers (and how fast), the connections per status when
   * the store keeps a registry. No customer data. Each probe has a deadline (`timeoutMs`, default 2 000 ms).
   */
  health(options?: HealthCheckOptions): Promise<RadioWorkflowHealth>
  /** Subscribes to an event of {@link RadioWorkflowEvents}; returns the function that unsubscribes. */
  on<E extends keyof RadioWorkflowEvents>(event: E, listener: (payload: RadioWorkflowEvents[E]) => void): () => void
  /** Hits, misses and state of the in-process token cache; `undefined` without the `cache` option. */
  getTokenCacheStatistics(): TokenCacheStatistics | undefined
}
