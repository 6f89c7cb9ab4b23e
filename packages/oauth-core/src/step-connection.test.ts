import { describe, expect, test } from 'vitest'
import { parseConnectionRecord, serializeConnectionRecord } from './connection-record-serialization'
import { createConnectionRecord } from './connection-record-update'
import { IllegalTransitionError, UsageError } from './errors'
import { createRefreshAttempt } from './refresh-attempt'
import { stepConnection } from './step-connection'
import { createTokenSet } from './token-set'

function tokens(n: number, refreshToken: string | null = `rt-${n}`) {
  return createTokenSet({
    accessToken: `at-${n}`,
    refreshToken,
    tokenType: 'Bearer',
    scopes: ['basic'],
    expiresAt: 3_600_000 + n,
    obtainedAt: n,
  })
}

const connected = createConnectionRecord('desert', tokens(1), null)
const attempt = createRefreshAttempt({ id: 'attempt-1', now: 10, leaseMs: 30_000 })

describe('stepConnection', () => {
  test('authorized creates the record (version after the previous one) and plans its CAS save and the event', () => {
    const step = stepConnection('active', connected, { type: 'authorized', instanceKey: 'desert', tokens: tokens(2) })
    expect(step.state).toBe('active')
    expect(step.record).toMatchObject({ version: 2, accessToken: 'at-2', status: 'active' })
    expect(step.effects).toEqual([
      { type: 'persist', change: 'create_connection', record: step.record, expectedVersion: 1 },
      { type: 'emit', event: 'connected' },
    ])
  })

  test('refresh_started writes the marker first, then checks the lease, then sends the stored refresh token', () => {
    const step = stepConnection('active', connected, { type: 'refresh_started', attempt })
    expect(step.state).toBe('refreshing')
    expect(step.record).toMatchObject({ version: 2, status: 'active', refreshAttempt: attempt, refreshToken: 'rt-1' })
    expect(step.effects).toEqual([
      { type: 'persist', change: 'record_attempt', record: step.record, expectedVersion: 1 },
      { type: 'check_lease' },
      { type: 'call_refresh_endpoint', refreshToken: 'rt-1' },
    ])
  })

  test('refresh_succeeded replaces the marker with the new pair; a non-rotating answer keeps the refresh token', () => {
    const marked = stepConnection('active', connected, { type: 'refresh_started', attempt }).record
    const step = stepConnection('refreshing', marked, { type: 'refresh_succeeded', tokens: tokens(3, null) })
    expect(step.record).toMatchObject({ version: 3, accessToken: 'at-3', refreshToken: 'rt-1', lastRefreshAt: 3 })
    expect(step.record?.refreshAttempt).toBeUndefined()
    expect(step.effects.map((effect) => effect.type)).toEqual(['persist', 'release_lock', 'emit'])
  })

  test('attempt_unresolved keeps the marker so its sender can still save over it', () => {
    const marked = stepConnection('active', connected, { type: 'refresh_started', attempt }).record
    const step = stepConnection('active', marked, { type: 'attempt_unresolved' })
    expect(step.state).toBe('refresh_outcome_unknown')
    expect(step.record).toMatchObject({ version: 3, status: 'refresh_outcome_unknown', refreshAttempt: attempt })
  })

  test('refresh_failed clears the marker and stores the backoff every process honours', () => {
    const marked = stepConnection('active', connected, { type: 'refresh_started', attempt }).record
    const backoff = { failures: 1, nextAttemptAt: 500, lastCode: 'token_response_invalid' }
    const step = stepConnection('refreshing', marked, { type: 'refresh_failed', backoff })
    expect(step.record).toMatchObject({ version: 3, status: 'active', refreshBackoff: backoff })
    expect(step.record?.refreshAttempt).toBeUndefined()
    const recovered = stepConnection('refreshing', step.record, { type: 'refresh_recovered', tokens: tokens(4) })
    expect(recovered.record?.refreshBackoff).toBeUndefined()
    expect(recovered.effects.filter((effect) => effect.type === 'emit')).toEqual([
      { type: 'emit', event: 'refreshed' },
      { type: 'emit', event: 'recovered' },
    ])
  })

  test.each([
    ['refresh_abandoned', 'active'],
    ['refresh_rejected', 'reauthorization_required'],
  ] as const)('%s clears the marker and stores status %s', (event, status) => {
    const marked = stepConnection('active', connected, { type: 'refresh_started', attempt }).record
    const step = stepConnection('refreshing', marked, { type: event })
    expect(step.record).toMatchObject({ version: 3, status })
    expect(step.record?.refreshAttempt).toBeUndefined()
  })

  test('refresh_lost keeps the marker: a request that timed out may still reach the server', () => {
    const marked = stepConnection('active', connected, { type: 'refresh_started', attempt }).record
    const step = stepConnection('refreshing', marked, { type: 'refresh_lost' })
    expect(step.record).toMatchObject({ version: 3, status: 'refresh_outcome_unknown', refreshAttempt: attempt })
  })

  test('refresh_adopted takes the newer record and writes nothing', () => {
    const newer = createConnectionRecord('desert', tokens(4), connected)
    const step = stepConnection('active', connected, { type: 'refresh_adopted', record: newer })
    expect(step).toEqual({ state: 'active', record: newer, effects: [{ type: 'release_lock' }] })
  })

  test('disconnected deletes the version it saw and leaves no record', () => {
    const step = stepConnection('active', connected, { type: 'disconnected' })
    expect(step.record).toBeNull()
    expect(step.effects).toEqual([
      { type: 'delete_record', instanceKey: 'desert', expectedVersion: 1 },
      { type: 'emit', event: 'disconnected' },
    ])
    expect(stepConnection('disconnected', null, { type: 'disconnected' })).toEqual({
      state: 'disconnected',
      record: null,
      effects: [],
    })
  })

  test('an illegal event throws and a transition missing its data is a usage error', () => {
    expect(() => stepConnection('refreshing', connected, { type: 'refresh_started', attempt })).toThrowError(
      IllegalTransitionError,
    )
    expect(() => stepConnection('active', null, { type: 'refresh_started', attempt })).toThrowError(UsageError)
    const noRefreshToken = createConnectionRecord('desert', tokens(5, null), null)
    expect(() => stepConnection('active', noRefreshToken, { type: 'refresh_started', attempt })).toThrowError(
      UsageError,
    )
  })

  test('the marker survives the stored text and old records without one read as none', () => {
    const marked = stepConnection('active', connected, { type: 'refresh_started', attempt }).record
    expect(parseConnectionRecord(serializeConnectionRecord(marked as never)).refreshAttempt).toEqual(attempt)
    expect(parseConnectionRecord(serializeConnectionRecord(connected)).refreshAttempt ?? null).toBeNull()
    const tampered = JSON.parse(serializeConnectionRecord(marked as never))
    tampered.refreshAttempt = { id: 'x', startedAt: 'soon' }
    expect(() => parseConnectionRecord(JSON.stringify(tampered))).toThrowError(/refreshAttempt/)
    tampered.refreshAttempt = 'yes'
    expect(() => parseConnectionRecord(JSON.stringify(tampered))).toThrowError(/refreshAttempt/)
  })

  test('createRefreshAttempt refuses an empty id or a lease that is not positive', () => {
    expect(() => createRefreshAttempt({ id: '', now: 1, leaseMs: 1 })).toThrowError(UsageError)
    expect(() => createRefreshAttempt({ id: 'a', now: 1, leaseMs: 0 })).toThrowError(UsageError)
  })
})
