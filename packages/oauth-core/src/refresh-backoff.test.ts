import { describe, expect, test } from 'vitest'
import { UsageError } from './errors'
import { computeRefreshBackoff, isBackingOff, MAX_RETRY_AFTER_MS, parseRetryAfter } from './refresh-backoff'

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0)

describe('parseRetryAfter', () => {
  test('delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000)
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0)
  })

  test('an HTTP date, in the future or the past', () => {
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:01:30 GMT', NOW)).toBe(90_000)
    expect(parseRetryAfter('Mon, 30 Nov 2026 11:00:00 GMT', NOW)).toBe(0)
    expect(parseRetryAfter('Monday, 30-Nov-26 12:00:10 GMT', NOW)).toBe(10_000)
  })

  test('garbage, negatives, absent values and absurd delays', () => {
    for (const value of ['soon', '-5', '1.5', '', 'Mon, 30 Nov 2026 12:01:30', '12:00 GMT', null, undefined]) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeNull()
    }
    expect(parseRetryAfter('999999999', NOW)).toBe(MAX_RETRY_AFTER_MS)
  })
})

describe('computeRefreshBackoff', () => {
  test('grows exponentially with full jitter, capped, and counts failures', () => {
    const policy = { baseMs: 1_000, maxMs: 8_000 }
    let backoff = computeRefreshBackoff(null, { now: 0, random: 0.999, code: 'x', retryAfterMs: null, policy })
    expect(backoff).toEqual({ failures: 1, nextAttemptAt: 999, lastCode: 'x' })
    for (let i = 0; i < 6; i++) {
      backoff = computeRefreshBackoff(backoff, { now: 0, random: 0.999, code: 'x', retryAfterMs: null, policy })
    }
    expect(backoff).toMatchObject({ failures: 7, nextAttemptAt: 7_992 })
    expect(
      computeRefreshBackoff(null, { now: 0, random: 0, code: 'x', retryAfterMs: null, policy }).nextAttemptAt,
    ).toBe(0)
  })

  test('never sooner than Retry-After', () => {
    expect(computeRefreshBackoff(null, { now: 10, random: 0.5, code: 'x', retryAfterMs: 30_000 }).nextAttemptAt).toBe(
      30_010,
    )
  })

  test('refuses a random number outside [0, 1)', () => {
    expect(() => computeRefreshBackoff(null, { now: 0, random: 1, code: 'x', retryAfterMs: null })).toThrowError(
      UsageError,
    )
  })

  test('isBackingOff', () => {
    const backoff = { failures: 1, nextAttemptAt: 100, lastCode: 'x' }
    expect(isBackingOff(backoff, 99)).toBe(true)
    expect(isBackingOff(backoff, 100)).toBe(false)
    expect(isBackingOff(null, 0)).toBe(false)
  })
})
