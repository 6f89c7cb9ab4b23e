import type { ConnectionRecord } from './connection-record'
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
