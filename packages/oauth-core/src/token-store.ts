import type { ConnectionRecord, StoredConnectionStatus } from './connection-record'
import type { PendingAuthorization } from './pending-authorization'

/** Result of a compare-and-set write. */
export type SaveOutcome =
  | { readonly saved: true }
  | { readonly saved: false; readonly reason: 'version_conflict' | 'lock_lost' }

/** Held refresh lock for one instance. */
export interface LockLease {
  readonly instanceKey: string
  /** Random owner token; compare-and-act scripts check it. Never log it. */
  readonly owner: string
  /** Extends the lease to `leaseMs` from now. `false` when the lease was already lost. */
  extend(leaseMs: number): Promise<boolean>
  /** Releases only if still owned, and wakes waiters. Never throws for a lost lease. */
  release(): Promise<void>
}

/**
 * Port: where connection records and pending authorizations live. Every store
 * (in-memory, Redis, a user's own) passes the contract suite in `@rw/oauth-testing`.
 */
export interface TokenStore {
  /** The instance's stored record, or `null` when it has none (never connected, or disconnected). */
  getConnection(instanceKey: string): Promise<ConnectionRecord | null>
  /**
   * Compare-and-set: saves only when the stored version equals `expectedVersion`
   * (`null`: only when no record exists) and, with `lease`, only while that lease is held.
   * `record.version` must be `expectedVersion + 1` (or 1 for a new record).
   */
  saveConnection(
    record: ConnectionRecord,
    options: { readonly expectedVersion: number | null; readonly lease?: LockLease },
  ): Promise<SaveOutcome>
  /**
   * Deletes the record. With `expectedVersion`, only when it still matches. Returns
   * whether a record was deleted. A deleted record cannot be resurrected by a
   * compare-and-set write that expected an older version.
   */
  deleteConnection(instanceKey: string, options?: { readonly expectedVersion?: number }): Promise<boolean>
  /** Stores a pending authorization until `pending.expiresAt`. */
  savePendingAuthorization(pending: PendingAuthorization): Promise<void>
  /** Atomically returns and deletes; `null` when unknown, expired or already consumed. */
  consumePendingAuthorization(stateId: string): Promise<PendingAuthorization | null>
}

/** Port: the per-instance refresh lock, shared by all processes that share a store. */
export interface RefreshLock {
  /** One attempt; `null` when another owner holds the lock. */
  tryAcquire(instanceKey: string, leaseMs: number): Promise<LockLease | null>
  /**
   * Resolves when the instance's lock is released or its record changes (woken, not
   * polled), or after `timeoutMs` (a missed wake-up is covered by the caller re-reading).
   */
  waitForChange(instanceKey: string, timeoutMs: number, signal?: AbortSignal): Promise<void>
}

/**
 * One connection as the registry knows it: everything but the tokens. Times are epoch milliseconds.
 *
 * @example
 * ```ts
 * const { connections } = await store.listConnections({ status: 'reauthorization_required' })
 * for (const { instanceKey, expiresAt } of connections) console.log(instanceKey, new Date(expiresAt))
 * ```
 */
export interface ConnectionSummary {
  readonly instanceKey: string
  readonly status: StoredConnectionStatus
  readonly version: number
  readonly expiresAt: number
  readonly scopes: readonly string[]
  readonly obtainedAt: number
  readonly lastRefreshAt: number | null
}

/**
 * What to list. Every filter is optional; together they all apply.
 *
 * @example
 * ```ts
 * // Active connections whose access token expires within five minutes, 200 per page.
 * const query: ConnectionQuery = { status: 'active', expiresBefore: now + 300_000, limit: 200 }
 * ```
 */
export interface ConnectionQuery {
  /** Only connections in this status. */
  readonly status?: StoredConnectionStatus
  /** Only connections whose access token expires strictly before this time (epoch ms). */
  readonly expiresBefore?: number
  /** The `cursor` of the previous page; omit (or `null`) for the first page. */
  readonly cursor?: string | null
  /** At most this many connections per page, 1 to 1000. Default 100. */
  readonly limit?: number
}

/**
 * One page of a listing. `cursor` is `null` on the last page; otherwise pass it back for the next one.
 * A page may hold fewer than `limit` connections (even none) while `cursor` is not `null`: keep going
 * until it is.
 *
 * @example
 * ```ts
 * let cursor: string | null = null
 * do {
 *   const page = await store.listConnections({ cursor })
 *   handle(page.connections)
 *   cursor = page.cursor
 * } while (cursor !== null)
 * ```
 */
export interface ConnectionPage<T = ConnectionSummary> {
  readonly connections: readonly T[]
  readonly cursor: string | null
}

/** How many stored connections are in each status. */
export type ConnectionCounts = Readonly<Record<StoredConnectionStatus, number>>

/**
 * Optional store capability: list and count connections without reading tokens. The in-memory store
 * and `RedisTokenStore` implement it; a store of your own may (the contract suite then checks it).
 * Keep each connection's summary in the same atomic write as its record (and remove it in the same
 * delete), so a listing never shows a state that no record had.
 *
 * Cursor semantics (every implementation keeps them): a cursor stays valid while connections are
 * written and deleted. Every connection that is stored and matches the query for the whole listing
 * (first page to last) is returned at least once; one written, deleted or changed during the listing
 * may or may not appear, and with the values of any moment of the listing. Order is the store's own
 * (not by expiry); a cursor belongs to the store that returned it and to the same query.
 *
 * @example
 * ```ts
 * if (isConnectionRegistry(store)) {
 *   const counts = await store.countConnections() // { active: 980, refresh_outcome_unknown: 1, reauthorization_required: 19 }
 * }
 * ```
 */
export interface ConnectionRegistry {
  /** One page of connections matching `query`, in the store's order. */
  listConnections(query?: ConnectionQuery): Promise<ConnectionPage>
  /** The number of stored connections in each status (every status present, zeros included). */
  countConnections(): Promise<ConnectionCounts>
  /**
   * When the first access token among `active` connections expires (epoch ms, possibly in the past), or
   * `null` when no connection is `active`. Other statuses are left out: their tokens are not refreshed on
   * schedule, so they would pin the answer to a time long gone.
   *
   * Optional (unlike the two methods above) so a registry written before it existed still type-checks and
   * is still a registry for `isConnectionRegistry`; check `typeof store.findSoonestExpiry === 'function'`.
   *
   * @example
   * ```ts
   * const soonest = await store.findSoonestExpiry?.()
   * if (soonest != null) gauge.record((soonest - clock.now()) / 1000) // seconds until the first token expires
   * ```
   */
  findSoonestExpiry?(): Promise<number | null>
}
