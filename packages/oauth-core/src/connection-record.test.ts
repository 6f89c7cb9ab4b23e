import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { ConnectionRecord } from './connection-record'
import {
  createRedactedConnectionRecord,
  parseConnectionRecord,
  serializeConnectionRecord,
} from './connection-record-serialization'
import { applyRefreshedTokens, createConnectionRecord, markConnectionStatus } from './connection-record-update'
import { StoreError, UsageError } from './errors'
import { createTokenSet } from './token-set'

function tokens(n: number, refreshToken: string | null = `rt-${n}`) {
  return createTokenSet({
    accessToken: `TOKEN-at-${n}`,
    refreshToken,
    tokenType: 'Bearer',
    scopes: ['basic'],
    expiresAt: 1000 * n + 3_600_000,
    obtainedAt: 1000 * n,
  })
}

function expectRedacted(record: ConnectionRecord) {
  for (const printed of [JSON.stringify(record), String(record), inspect(record), inspect([record], { depth: 5 })]) {
    expect(printed).not.toContain(record.accessToken)
    if (record.refreshToken !== null) expect(printed).not.toContain(record.refreshToken)
  }
  expect(JSON.parse(JSON.stringify(record)).instanceKey).toBe(record.instanceKey)
}

describe('connection record updates', () => {
  test('createConnectionRecord starts at version 1, then continues the previous version', () => {
    const first = createConnectionRecord('desert', tokens(1), null)
    expect(first).toEqual({
      instanceKey: 'desert',
      version: 1,
      status: 'active',
      accessToken: 'TOKEN-at-1',
      refreshToken: 'rt-1',
      tokenType: 'Bearer',
      scopes: ['basic'],
      expiresAt: 3_601_000,
      obtainedAt: 1000,
      lastRefreshAt: null,
    })
    const reconnected = createConnectionRecord(
      'desert',
      tokens(2),
      markConnectionStatus(first, 'reauthorization_required'),
    )
    expect(reconnected.version).toBe(3)
    expect(reconnected.status).toBe('active')
    expectRedacted(reconnected)
  })

  test('createConnectionRecord refuses a previous record of another instance', () => {
    const other = createConnectionRecord('other', tokens(1), null)
    expect(() => createConnectionRecord('desert', tokens(2), other)).toThrowError(UsageError)
    expect(() => createConnectionRecord('', tokens(2), null)).toThrowError(UsageError)
  })

  test('applyRefreshedTokens rotates or keeps the refresh token', () => {
    const record = markConnectionStatus(createConnectionRecord('desert', tokens(1), null), 'refresh_outcome_unknown')
    const rotated = applyRefreshedTokens(record, tokens(2))
    expect(rotated).toMatchObject({
      version: 3,
      status: 'active',
      accessToken: 'TOKEN-at-2',
      refreshToken: 'rt-2',
      lastRefreshAt: 2000,
    })
    const kept = applyRefreshedTokens(rotated, tokens(3, null))
    expect(kept).toMatchObject({
      version: 4,
      accessToken: 'TOKEN-at-3',
      refreshToken: 'rt-2',
      obtainedAt: 3000,
      lastRefreshAt: 3000,
    })
    expectRedacted(kept)
  })

  test('markConnectionStatus keeps tokens and rejects unknown statuses', () => {
    const record = createConnectionRecord('desert', tokens(1), null)
    expect(markConnectionStatus(record, 'reauthorization_required')).toMatchObject({
      version: 2,
      status: 'reauthorization_required',
      accessToken: 'TOKEN-at-1',
    })
    expect(() => markConnectionStatus(record, 'refreshing' as never)).toThrowError(UsageError)
  })

  test('spreading a record keeps every field', () => {
    const record = createConnectionRecord('desert', tokens(1), null)
    const copy = { ...record, status: 'refresh_outcome_unknown' as const }
    expect(copy.accessToken).toBe('TOKEN-at-1')
    expect(createRedactedConnectionRecord(copy).status).toBe('refresh_outcome_unknown')
    expectRedacted(createRedactedConnectionRecord(copy))
  })

  test('versions grow by exactly one on every update (property)', () => {
    const update = fc.oneof(
      fc.constant({ kind: 'refresh' as const }),
      fc.constant({ kind: 'reconnect' as const }),
      fc
        .constantFrom('active', 'refresh_outcome_unknown', 'reauthorization_required')
        .map((status) => ({ kind: 'mark' as const, status })),
    )
    fc.assert(
      fc.property(fc.array(update, { maxLength: 40 }), fc.boolean(), (updates, rotate) => {
        let record = createConnectionRecord('desert', tokens(0), null)
        updates.forEach((next, index) => {
          const before = record.version
          record =
            next.kind === 'refresh'
              ? applyRefreshedTokens(record, tokens(index + 1, rotate ? `rt-${index + 1}` : null))
              : next.kind === 'reconnect'
                ? createConnectionRecord('desert', tokens(index + 1), record)
                : markConnectionStatus(record, next.status)
          expect(record.version).toBe(before + 1)
          expect(record.instanceKey).toBe('desert')
          expect(record.refreshToken).not.toBeNull()
        })
        expect(record.version).toBe(updates.length + 1)
      }),
    )
  })
})

describe('connection record serialization', () => {
  const instanceKeyArbitrary = fc.string({ minLength: 1, maxLength: 20 })
  test('round-trips any record and the result prints redacted (property)', () => {
    fc.assert(
      fc.property(instanceKeyArbitrary, fc.nat({ max: 1000 }), fc.boolean(), (instanceKey, n, hasRefresh) => {
        const record = markConnectionStatus(
          createConnectionRecord(instanceKey, tokens(n + 1, hasRefresh ? `rt-${n}` : null), null),
          'refresh_outcome_unknown',
        )
        const parsed = parseConnectionRecord(serializeConnectionRecord(record))
        expect(parsed).toEqual(record)
        expect(serializeConnectionRecord(parsed)).toBe(serializeConnectionRecord(record))
        expectRedacted(parsed)
      }),
    )
  })

  test('serialization contains the tokens (stores need them) while JSON.stringify does not', () => {
    const record = createConnectionRecord('desert', tokens(1), null)
    expect(serializeConnectionRecord(record)).toContain('TOKEN-at-1')
    expect(JSON.stringify(record)).not.toContain('TOKEN-at-1')
  })

  const valid = JSON.parse(serializeConnectionRecord(createConnectionRecord('desert', tokens(1), null)))
  test.each([
    ['not json', /not valid JSON/],
    ['[1]', /not a JSON object/],
    ['null', /not a JSON object/],
    [JSON.stringify({ ...valid, instanceKey: '' }), /"instanceKey"/],
    [JSON.stringify({ ...valid, version: 0 }), /"version" \(expected an integer ≥ 1\)/],
    [JSON.stringify({ ...valid, version: 1.5 }), /"version"/],
    [JSON.stringify({ ...valid, status: 'refreshing' }), /"status"/],
    [JSON.stringify({ ...valid, accessToken: 5 }), /"accessToken"/],
    [JSON.stringify({ ...valid, refreshToken: '' }), /"refreshToken"/],
    [JSON.stringify({ ...valid, accessToken: 'TOKEN\r\nX-Injected: 1' }), /"accessToken"/],
    [JSON.stringify({ ...valid, accessToken: 'TOKEN with spaces' }), /"accessToken"/],
    [JSON.stringify({ ...valid, accessToken: 'TOKEN-ü' }), /"accessToken"/],
    [JSON.stringify({ ...valid, refreshToken: 'REFRESH\nTOKEN' }), /"refreshToken"/],
    [JSON.stringify({ ...valid, tokenType: 'mac' }), /"tokenType"/],
    [JSON.stringify({ ...valid, scopes: 'basic' }), /"scopes"/],
    [JSON.stringify({ ...valid, scopes: [1] }), /"scopes"/],
    [JSON.stringify({ ...valid, expiresAt: 'soon' }), /"expiresAt"/],
    [JSON.stringify({ ...valid, lastRefreshAt: 'x' }), /"lastRefreshAt"/],
  ])('rejects %s as store_corrupted', (json, message) => {
    let caught: unknown
    try {
      parseConnectionRecord(json)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(StoreError)
    expect((caught as StoreError).code).toBe('store_corrupted')
    expect((caught as StoreError).message).toMatch(message)
    expect((caught as StoreError).message).not.toContain('TOKEN-at-1')
  })

  test('accepts null refreshToken and lastRefreshAt', () => {
    const parsed = parseConnectionRecord(JSON.stringify({ ...valid, refreshToken: null, lastRefreshAt: null }))
    expect(parsed.refreshToken).toBeNull()
    expect(parsed.lastRefreshAt).toBeNull()
  })
})
