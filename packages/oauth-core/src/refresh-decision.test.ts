import { describe, expect, test } from 'vitest'
import type { ConnectionRecord } from './connection-record'
import {
  createConnectionRecord,
  markAttemptUnresolved,
  markConnectionStatus,
  rebaseRefreshedTokens,
  recordRefreshAttempt,
} from './connection-record-update'
import {
  NotConnectedError,
  ReauthorizationRequiredError,
  RefreshOutcomeUnknownError,
  TokenEndpointError,
  TokenRequestError,
  TokenResponseError,
} from './errors'
import { createRefreshAttempt } from './refresh-attempt'
import { classifyRefreshFailure, decideRefresh, decideWhileWaiting, explainUnservable } from './refresh-decision'
import { createTokenSet } from './token-set'

const HOUR = 3_600_000
const policy = { refreshWindowMs: 300_000, refreshJitterMs: 0, jitterFraction: 0 }

function tokens(n: number, refreshToken: string | null = `rt-${n}`) {
  return createTokenSet({
    accessToken: `at-${n}`,
    refreshToken,
    tokenType: 'Bearer',
    scopes: ['basic'],
    expiresAt: HOUR + n,
    obtainedAt: n,
  })
}

const v1 = createConnectionRecord('desert', tokens(0), null)
const attempt = createRefreshAttempt({ id: 'other', now: 0, leaseMs: 30_000 })
const context = (record: ConnectionRecord, now: number, seenVersion = record.version) => ({
  seenVersion,
  now,
  expiryPolicy: policy,
  unresolvedRetryDelayMs: 30_000,
})

describe('decideRefresh (the guards)', () => {
  test('starts when the record is what the caller saw and has a refresh token', () => {
    expect(decideRefresh(v1, context(v1, HOUR - 1))).toBe('refresh_started')
  })

  test('adopts a newer usable record, declines when gone, rejected, or without a refresh token', () => {
    const newer = createConnectionRecord('desert', tokens(5), v1)
    expect(decideRefresh(newer, context(newer, 10, 1))).toBe('refresh_adopted')
    expect(decideRefresh(null, context(v1, 10))).toBe('refresh_declined')
    const rejected = markConnectionStatus(v1, 'reauthorization_required')
    expect(decideRefresh(rejected, context(rejected, 10))).toBe('refresh_declined')
    const none = createConnectionRecord('desert', tokens(1, null), null)
    expect(decideRefresh(none, context(none, HOUR))).toBe('refresh_declined')
    const lostElsewhere = markConnectionStatus(v1, 'refresh_outcome_unknown')
    expect(decideRefresh(lostElsewhere, context(lostElsewhere, HOUR, 1))).toBe('refresh_declined')
  })

  test("another sender's marker is never resent: unresolved, then one retry only after its lease and the delay", () => {
    const marked = recordRefreshAttempt(v1, attempt)
    expect(decideRefresh(marked, context(marked, HOUR))).toBe('attempt_unresolved')
    const unknown = markAttemptUnresolved(marked)
    expect(decideRefresh(unknown, context(unknown, 30_000 + 29_999))).toBe('refresh_declined')
    expect(decideRefresh(unknown, context(unknown, 60_000))).toBe('refresh_started')
    // Without a marker (records from before markers existed) the one retry may happen at once.
    const unmarked = markConnectionStatus(marked, 'refresh_outcome_unknown')
    expect(decideRefresh(unmarked, context(unmarked, 10))).toBe('refresh_started')
  })

  test('a waiter settles only what the store already settled', () => {
    const newer = createConnectionRecord('desert', tokens(5), v1)
    expect(decideWhileWaiting(newer, context(newer, 10, 1))).toBe('refresh_adopted')
    expect(decideWhileWaiting(v1, context(v1, HOUR))).toBeUndefined()
    expect(decideWhileWaiting(recordRefreshAttempt(v1, attempt), context(v1, HOUR, 2))).toBeUndefined()
  })
})

describe('rebaseRefreshedTokens', () => {
  test('rebuilds on a record that still carries our marker, never on anything else', () => {
    const unknown = markAttemptUnresolved(recordRefreshAttempt(v1, attempt))
    expect(rebaseRefreshedTokens(unknown, 'other', tokens(9))).toMatchObject({ version: 4, status: 'active' })
    expect(rebaseRefreshedTokens(unknown, 'mine', tokens(9))).toBeNull()
    expect(rebaseRefreshedTokens(null, 'other', tokens(9))).toBeNull()
    expect(rebaseRefreshedTokens(v1, 'other', tokens(9))).toBeNull()
  })
})

describe('explainUnservable', () => {
  test('names why no token can be served', () => {
    const delay = { unresolvedRetryDelayMs: 30_000 }
    expect(explainUnservable('desert', null, 'disconnected', delay)).toBeInstanceOf(NotConnectedError)
    expect(explainUnservable('desert', v1, 'reauthorization_required', delay)).toBeInstanceOf(
      ReauthorizationRequiredError,
    )
    const pending = explainUnservable(
      'desert',
      markAttemptUnresolved(recordRefreshAttempt(v1, attempt)),
      'refresh_outcome_unknown',
      delay,
    )
    expect(pending).toBeInstanceOf(RefreshOutcomeUnknownError)
    expect(pending).toMatchObject({ retryAt: 60_000 })
    const none = createConnectionRecord('desert', tokens(1, null), null)
    expect(explainUnservable('desert', none, 'active', delay)).toBeInstanceOf(ReauthorizationRequiredError)
    const cause = new Error('503')
    expect(explainUnservable('desert', v1, 'active', delay, cause)).toBe(cause)
  })
})

describe('classifyRefreshFailure', () => {
  test('invalid_grant is a rejection, a maybe-delivered request or unusable 2xx a loss, anything else a failure', () => {
    expect(classifyRefreshFailure(new TokenEndpointError('invalid_grant', 400, 'no'))).toBe('refresh_rejected')
    expect(classifyRefreshFailure(new TokenRequestError('reset', { maybeDelivered: true }))).toBe('refresh_lost')
    expect(classifyRefreshFailure(new TokenRequestError('refused', { maybeDelivered: false }))).toBe('refresh_failed')
    expect(classifyRefreshFailure(new TokenResponseError(200, 'html'))).toBe('refresh_lost')
    expect(classifyRefreshFailure(new TokenResponseError(503, 'html'))).toBe('refresh_failed')
    expect(classifyRefreshFailure(new Error('?'))).toBe('refresh_failed')
  })
})
