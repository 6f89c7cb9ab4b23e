import type { ConnectionSummary } from '@rw/oauth-core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeRegistryEntry, encodeRegistryEntry } from './registry-entry-codec'

const summaryArbitrary: fc.Arbitrary<ConnectionSummary> = fc.record({
  instanceKey: fc.string({ minLength: 1 }),
  status: fc.constantFrom('active' as const, 'refresh_outcome_unknown' as const, 'reauthorization_required' as const),
  version: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  // `+ 0` turns -0 into 0: the text form has no negative zero, and the SDK's clock never produces one.
  expiresAt: fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((time) => time + 0),
  ),
  scopes: fc.array(fc.string({ minLength: 1 })),
  obtainedAt: fc.integer(),
  lastRefreshAt: fc.option(fc.integer(), { nil: null }),
})

describe('registry entries', () => {
  it('round-trip every summary, scopes containing `|` included', () => {
    fc.assert(
      fc.property(summaryArbitrary, (summary) => {
        expect(decodeRegistryEntry(summary.instanceKey, encodeRegistryEntry(summary))).toEqual(summary)
      }),
    )
  })

  it('start with the status, for the count script', () => {
    const entry = encodeRegistryEntry({
      instanceKey: 'k',
      status: 'reauthorization_required',
      version: 2,
      expiresAt: 5,
      scopes: ['basic'],
      obtainedAt: 1,
      lastRefreshAt: null,
    })
    expect(entry).toBe('reauthorization_required|2|5|1||["basic"]')
  })

  it.each([
    '',
    'active',
    'refreshing|1|5|1||[]',
    'active|0|5|1||[]',
    'active|1||1||[]',
    'active|1|5|x||[]',
    'active|1|5|1|y|[]',
    'active|1|5|1||not json',
    'active|1|5|1||[1]',
  ])('turn a malformed entry %j into null', (entry) => {
    expect(decodeRegistryEntry('k', entry)).toBeNull()
  })
})
