import type { RefreshAttempt } from './refresh-attempt'
import type { RefreshBackoff } from './refresh-backoff'

/**
 * What is persisted per instance. `disconnected` is the absence of a record and
 * `refreshing` is held by the refresh lock, so neither is ever stored.
 */
export type StoredConnectionStatus = 'active' | 'refresh_outcome_unknown' | 'reauthorization_required'

/** The token pair and its metadata for one Radio Workflow instance. Times are epoch milliseconds. */
export interface ConnectionRecord {
  readonly instanceKey: string
  /** Starts at 1 and grows by exactly 1 on every write; writes are compare-and-set on it. */
  readonly version: number
  readonly status: StoredConnectionStatus
  readonly accessToken: string
  /** `null` when the server issued none. */
  readonly refreshToken: string | null
  readonly tokenType: 'Bearer'
  readonly scopes: readonly string[]
  readonly expiresAt: number
  readonly obtainedAt: number
  readonly lastRefreshAt: number | null
  /**
   * The write-ahead marker of a refresh call whose outcome is not recorded yet, or `null`.
   * Absent means none (records stored before markers existed, records built by hand).
   */
  readonly refreshAttempt?: RefreshAttempt | null
  /** Backoff after refreshes that failed without rotating anything; absent when the last refresh succeeded. */
  readonly refreshBackoff?: RefreshBackoff | null
}
