import { UsageError } from './errors'

/** `fresh`: serve. `due`: refresh now, but may still be served if the refresh fails transiently. `expired`: never served. */
export type ExpiryClass = 'fresh' | 'due' | 'expired'

/** When a token counts as `due`; see {@link classifyExpiry}. */
export interface ExpiryPolicy {
  /** Refresh this long before expiry. */
  readonly refreshWindowMs: number
  /** Up to this much earlier again, by `jitterFraction`. */
  readonly refreshJitterMs: number
  /**
   * In [0, 1): the share of the jitter for tokens whose instance is not known (drawn once by the runtime).
   * A token that names its instance (a record) uses that instance's own share instead (see
   * {@link readInstanceJitterFraction}), so a fleet's tokens come due spread out, and every process agrees
   * when each one does.
   */
  readonly jitterFraction: number
  /** The window never covers more than this share of the token's lifetime. Default {@link MAX_REFRESH_WINDOW_FRACTION}. */
  readonly maxWindowFraction?: number
  /** ... but never shrinks below this many milliseconds. Default {@link MIN_REFRESH_WINDOW_MS}. */
  readonly minRefreshWindowMs?: number
}

/** A token's expiry and when it was issued, so the refresh window can shrink with a short lifetime. */
export interface TokenLifetime {
  readonly expiresAt: number
  /** When the first pair was obtained (epoch ms). */
  readonly obtainedAt: number
  /** When the current pair was obtained by a refresh, or `null`. */
  readonly lastRefreshAt?: number | null
  /** The instance, when known: its jitter share then spreads due times across the fleet. */
  readonly instanceKey?: string
}

/** Default share of a token's lifetime the refresh window may cover: a 60 s token is due after 30 s at the earliest. */
export const MAX_REFRESH_WINDOW_FRACTION = 0.5
/** Default floor of the shrunken window: tokens are never served to their last few seconds. */
export const MIN_REFRESH_WINDOW_MS = 5_000

/**
 * Classifies a token: `expired` when `now >= expiresAt`; `due` when `now >= expiresAt - window`; else
 * `fresh`. The window is `refreshWindowMs + share * refreshJitterMs`, where the share is the instance's
 * own (a hash of `instanceKey`, when the token names it) or else `jitterFraction`: a fleet's tokens do
 * not all come due at one instant, and every process agrees when each one does. When the token's
 * lifetime is known (pass the record, not just `expiresAt`) it shrinks to at most
 * `maxWindowFraction` of the lifetime, with a floor of `minRefreshWindowMs`: a token issued for
 * 60 s is not refreshed on every call under a 5-minute window.
 *
 * @example
 * ```ts
 * classifyExpiry(record, now, { refreshWindowMs: 300_000, refreshJitterMs: 60_000, jitterFraction: 0.4 })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function classifyExpiry(token: number | TokenLifetime, now: number, policy: ExpiryPolicy): ExpiryClass {
  const { jitterFraction } = policy
  if (!(jitterFraction >= 0 && jitterFraction < 1)) {
    throw new UsageError('jitterFraction must be a number in [0, 1), drawn once when the runtime starts.')
  }
  const expiresAt = typeof token === 'number' ? token : token.expiresAt
  if (now >= expiresAt) return 'expired'
  // Outside even the widest window the jitter cannot matter: the hot path skips hashing the instance.
  if (now < expiresAt - windowFor(token, policy, 1)) return 'fresh'
  return now >= expiresAt - readRefreshWindowMs(token, policy) ? 'due' : 'fresh'
}

/**
 * The instance's own share of the refresh jitter, in [0, 1): a hash of its key (FNV-1a), the same in
 * every process, so due times spread over the fleet and all processes agree on them.
 *
 * @example
 * ```ts
 * readInstanceJitterFraction('desert-broadcasters') // e.g. 0.61, always the same
 * ```
 */
export function readInstanceJitterFraction(instanceKey: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < instanceKey.length; index++) {
    hash ^= instanceKey.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  // Final avalanche (murmur3 fmix32): nearby keys (station-1, station-2) land far apart.
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35)
  hash ^= hash >>> 16
  return (hash >>> 0) / 2 ** 32
}

/**
 * How long before expiry a token becomes `due` under `policy` (see {@link classifyExpiry}).
 *
 * @example
 * ```ts
 * readRefreshWindowMs({ expiresAt: 60_000, obtainedAt: 0 }, { refreshWindowMs: 300_000, refreshJitterMs: 0, jitterFraction: 0 }) // 30_000
 * ```
 */
export function readRefreshWindowMs(token: number | TokenLifetime, policy: ExpiryPolicy): number {
  const fraction =
    typeof token === 'object' && typeof token.instanceKey === 'string'
      ? readInstanceJitterFraction(token.instanceKey)
      : policy.jitterFraction
  return windowFor(token, policy, fraction)
}

function windowFor(token: number | TokenLifetime, policy: ExpiryPolicy, jitterFraction: number): number {
  const {
    refreshWindowMs,
    refreshJitterMs,
    maxWindowFraction = MAX_REFRESH_WINDOW_FRACTION,
    minRefreshWindowMs = MIN_REFRESH_WINDOW_MS,
  } = policy
  const configured = refreshWindowMs + jitterFraction * refreshJitterMs
  if (typeof token === 'number') return configured
  const lifetimeMs = token.expiresAt - (token.lastRefreshAt ?? token.obtainedAt)
  // Within the cap the jitter still spreads due times: 80–100 % of the cap, by the jitter share.
  const cap = Math.max(minRefreshWindowMs, lifetimeMs * maxWindowFraction * (0.8 + 0.2 * jitterFraction))
  return Math.min(configured, cap)
}
