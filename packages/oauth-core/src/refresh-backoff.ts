import { UsageError } from './errors'

/**
 * Per-instance backoff after refreshes that failed without rotating anything, kept on the record so
 * every process sharing the store honours it.
 */
export interface RefreshBackoff {
  /** Consecutive failed refreshes. */
  readonly failures: number
  /** Epoch ms before which no refresh of this instance is attempted. */
  readonly nextAttemptAt: number
  /** The SDK error code of the last failure. */
  readonly lastCode: string
}

/** How backoff delays grow. */
export interface BackoffPolicy {
  /** First delay's ceiling. Default 1 000 ms. */
  readonly baseMs: number
  /** Largest delay. Default 60 000 ms. */
  readonly maxMs: number
}

/** The defaults of {@link BackoffPolicy}. */
export const DEFAULT_BACKOFF_POLICY: BackoffPolicy = Object.freeze({ baseMs: 1_000, maxMs: 60_000 })

/**
 * The backoff after one more failure: exponential with full jitter (`random × min(maxMs, baseMs × 2^n)`),
 * but never sooner than a server's `Retry-After`. `random` is in [0, 1), drawn by the runtime.
 *
 * @example
 * ```ts
 * const backoff = computeRefreshBackoff(record.refreshBackoff ?? null, { now, random: 0.5, code: 'token_response_invalid', retryAfterMs: null })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function computeRefreshBackoff(
  previous: RefreshBackoff | null,
  input: { now: number; random: number; code: string; retryAfterMs: number | null; policy?: BackoffPolicy },
): RefreshBackoff {
  const { now, random, code, retryAfterMs, policy = DEFAULT_BACKOFF_POLICY } = input
  if (!(random >= 0 && random < 1)) throw new UsageError('random must be a number in [0, 1).')
  const failures = (previous?.failures ?? 0) + 1
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30))
  const delay = Math.max(random * ceiling, retryAfterMs ?? 0)
  return Object.freeze({ failures, nextAttemptAt: now + Math.ceil(delay), lastCode: code })
}

/** Whether `backoff` still forbids a refresh at `now`. */
export function isBackingOff(backoff: RefreshBackoff | null | undefined, now: number): backoff is RefreshBackoff {
  return backoff != null && now < backoff.nextAttemptAt
}

/** A `Retry-After` longer than this is treated as this (a misconfigured server must not silence refresh for days). */
export const MAX_RETRY_AFTER_MS = 3_600_000

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), as milliseconds from
 * `now` (0 for a date in the past), capped at {@link MAX_RETRY_AFTER_MS}; `null` when absent or
 * unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter('120', now) // 120_000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', now)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (typeof value !== 'string') return null
  const trimmed = value.trim()
  if (/^\d{1,10}$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS)
  // IMF-fixdate and the obsolete forms all name a weekday and GMT; anything else is not a date here.
  if (!/^[A-Za-z]{3,9},? .*\bGMT$/.test(trimmed)) return null
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS)
}
