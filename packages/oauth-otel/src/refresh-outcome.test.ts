import {
  ReauthorizationRequiredError,
  RefreshOutcomeUnknownError,
  RefreshTimeoutError,
  TokenRequestError,
  TokenResponseError,
} from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import { classifyRefreshOutcome } from './refresh-outcome'

describe('classifyRefreshOutcome', () => {
  it.each([
    ['a refreshed result', { result: { outcome: 'refreshed' } }, { outcome: 'refreshed' }],
    ['an adopted result', { result: { outcome: 'adopted' } }, { outcome: 'adopted' }],
    [
      'a stale serve after a 503',
      { result: { outcome: 'served_stale', failure: new TokenResponseError(503, 'gateway page') } },
      { outcome: 'served_stale', errorType: 'token_response_invalid' },
    ],
    [
      'a stale serve after a response lost in flight',
      {
        result: {
          outcome: 'served_stale',
          failure: new TokenRequestError('connection reset', { maybeDelivered: true }),
        },
      },
      { outcome: 'lost', errorType: 'token_request_failed' },
    ],
    [
      'a confirmed invalid_grant',
      { error: new ReauthorizationRequiredError('desert-broadcasters') },
      { outcome: 'rejected', errorType: 'reauthorization_required' },
    ],
    [
      'an unknown outcome',
      { error: new RefreshOutcomeUnknownError('desert-broadcasters') },
      { outcome: 'lost', errorType: 'refresh_outcome_unknown' },
    ],
    [
      'an error of the backoff family',
      { error: Object.assign(new Error('held back'), { code: 'refresh_backoff' }) },
      { outcome: 'backoff', errorType: 'refresh_backoff' },
    ],
    ['a result outcome of a newer runtime', { result: { outcome: 'backoff' } }, { outcome: 'backoff' }],
    [
      'a timeout waiting for another holder',
      { error: new RefreshTimeoutError('desert-broadcasters') },
      { outcome: 'failed', errorType: 'refresh_timeout' },
    ],
    ['a foreign error', { error: new TypeError('x') }, { outcome: 'failed', errorType: 'TypeError' }],
  ])('classifies %s', (_name, ending, expected) => {
    expect(classifyRefreshOutcome(ending)).toEqual(expected)
  })
})
