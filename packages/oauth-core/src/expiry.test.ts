import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { UsageError } from './errors'
import { classifyExpiry, readInstanceJitterFraction } from './expiry'

const policy = { refreshWindowMs: 300_000, refreshJitterMs: 60_000, jitterFraction: 0.5 }
const expiresAt = 10_000_000

describe('classifyExpiry', () => {
  test.each([
    [expiresAt - 330_001, 'fresh'],
    [expiresAt - 330_000, 'due'],
    [expiresAt - 1, 'due'],
    [expiresAt, 'expired'],
    [expiresAt + 1, 'expired'],
  ] as const)('now=%d → %s', (now, expected) => {
    expect(classifyExpiry(expiresAt, now, policy)).toBe(expected)
  })

  test('jitter widens the window for this process only', () => {
    const now = expiresAt - 320_000
    expect(classifyExpiry(expiresAt, now, { ...policy, jitterFraction: 0 })).toBe('fresh')
    expect(classifyExpiry(expiresAt, now, { ...policy, jitterFraction: 0.9 })).toBe('due')
  })

  test.each([-0.1, 1, Number.NaN])('rejects jitterFraction %d', (jitterFraction) => {
    expect(() => classifyExpiry(expiresAt, 0, { ...policy, jitterFraction })).toThrowError(UsageError)
  })

  test('is monotonic in time: fresh, then due, then expired', () => {
    const order = { fresh: 0, due: 1, expired: 2 }
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.nat(1_000_000),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (a, b, jitterFraction) => {
          const [early, late] = a <= b ? [a, b] : [b, a]
          const p = { ...policy, jitterFraction }
          expect(order[classifyExpiry(500_000, early, p)]).toBeLessThanOrEqual(order[classifyExpiry(500_000, late, p)])
        },
      ),
    )
  })
})

describe('classifyExpiry with the token lifetime (the window shrinks with short lifetimes)', () => {
  const defaults = { refreshWindowMs: 300_000, refreshJitterMs: 60_000, jitterFraction: 0 }
  const issuedAt = 1_000_000

  test.each([
    [10_000, 5_000],
    [60_000, 24_000],
    [300_000, 120_000],
    [3_600_000, 300_000],
  ])('lifetime %d ms → fresh until %d ms before expiry, not due on issue', (lifetimeMs, windowMs) => {
    const token = { expiresAt: issuedAt + lifetimeMs, obtainedAt: issuedAt, lastRefreshAt: null }
    expect(classifyExpiry(token, issuedAt, defaults)).toBe('fresh')
    expect(classifyExpiry(token, token.expiresAt - windowMs - 1, defaults)).toBe('fresh')
    expect(classifyExpiry(token, token.expiresAt - windowMs, defaults)).toBe('due')
  })

  test('the lifetime counts from the last refresh', () => {
    const token = { expiresAt: issuedAt + 60_000, obtainedAt: 0, lastRefreshAt: issuedAt }
    expect(classifyExpiry(token, issuedAt + 1, defaults)).toBe('fresh')
  })

  test('a plain expiresAt keeps the configured window', () => {
    expect(classifyExpiry(issuedAt + 60_000, issuedAt, defaults)).toBe('due')
  })

  test('property: a token is fresh right after issue whenever its lifetime is at least twice the floor', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10_000, max: 86_400_000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (life, jitter) => {
          const token = { expiresAt: issuedAt + life, obtainedAt: issuedAt }
          return classifyExpiry(token, issuedAt, { ...defaults, jitterFraction: jitter }) === 'fresh'
        },
      ),
    )
  })
})

describe('per-instance jitter', () => {
  const policy = { refreshWindowMs: 300_000, refreshJitterMs: 60_000, jitterFraction: 0 }

  test('each instance has its own share, the same in every process, spread over [0, 1)', () => {
    const shares = Array.from({ length: 1000 }, (_, index) => readInstanceJitterFraction(`station-${index}`))
    expect(readInstanceJitterFraction('station-7')).toBe(shares[7])
    expect(shares.every((share) => share >= 0 && share < 1)).toBe(true)
    const buckets = new Array(10).fill(0)
    for (const share of shares) buckets[Math.floor(share * 10)]++
    // Uniform would be 100 per bucket; a clustered hash fails this.
    for (const count of buckets) expect(count).toBeGreaterThan(60)
  })

  test('tokens that expire together come due at different times, by instance', () => {
    const expiresAt = 10_000_000
    const dueAt = (instanceKey: string) => {
      const token = { expiresAt, obtainedAt: expiresAt - 3_600_000, instanceKey }
      let low = expiresAt - 400_000
      let high = expiresAt
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2)
        if (classifyExpiry(token, middle, policy) === 'fresh') low = middle
        else high = middle
      }
      return high
    }
    const times = ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => dueAt(`station-${key}`))
    expect(new Set(times).size).toBe(times.length)
    for (const time of times) {
      expect(time).toBeGreaterThanOrEqual(expiresAt - 360_000)
      expect(time).toBeLessThanOrEqual(expiresAt - 300_000)
    }
  })
})
