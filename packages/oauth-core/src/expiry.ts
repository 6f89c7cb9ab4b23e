import { UsageError } from './errors'

/** `fresh`: serve. `due`: refresh now, but may still be served if the refresh fails transiently. `expired`: never served. */
export type ExpiryClass = 'fresh' | 'due' | 'expired'

/** When a token counts as `due`; see {@link classifyExpiry}. */
export interface ExpiryPolicy {
  /** Refresh this long before expiry. */
  readonly refreshWindowMs: number
  /** Up to this much earlier again, by `jitterFraction`. */
  readonly refreshJitterMs: number
  /** In [0, 1): this process's share of the jitter (drawn once by the runtime). */
  readonly jitterFraction: number
}

/**
 * Classifies a token: `expired` when `now >= expiresAt`; `due` when
 * `now >= expiresAt - (refreshWindowMs + jitterFraction * refreshJitterMs)`; else `fresh`.
 * The per-process jitter spreads refreshes so many processes do not all contend at one instant.
 *
 * @example
 * ```ts
 * classifyExpiry(record.expiresAt, now, { refreshWindowMs: 300_000, refreshJitterMs: 60_000, jitterFraction: 0.4 })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function classifyExpiry(expiresAt: number, now: number, policy: ExpiryPolicy): ExpiryClass {
  const { refreshWindowMs, refreshJitterMs, jitterFraction } = policy
  if (!(jitterFraction >= 0 && jitterFraction < 1)) {
    throw new UsageError('jitterFraction must be a number in [0, 1), drawn once when the runtime starts.')
  }
  if (now >= expiresAt) return 'expired'
  return now >= expiresAt - (refreshWindowMs + jitterFraction * refreshJitterMs) ? 'due' : 'fresh'
}
