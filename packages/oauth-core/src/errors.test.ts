import { describe, expect, test } from 'vitest'
import {
  ApiRequestError,
  NotConnectedError,
  RadioWorkflowError,
  ReauthorizationRequiredError,
  RefreshOutcomeUnknownError,
  RefreshTimeoutError,
  StoreError,
  TokenRequestError,
} from './errors'

describe('runtime errors', () => {
  test.each([
    [new NotConnectedError('desert'), 'not_connected', 409],
    [new ReauthorizationRequiredError('desert', { cause: new Error('x') }), 'reauthorization_required', 401],
    [new RefreshOutcomeUnknownError('desert'), 'refresh_outcome_unknown', 503],
    [new RefreshTimeoutError('desert'), 'refresh_timeout', 503],
    [new StoreError('store_unavailable', 'Redis is unreachable.'), 'store_unavailable', 503],
    [new StoreError('store_corrupted', 'Bad record.', { instanceKey: 'desert' }), 'store_corrupted', 500],
    [new TokenRequestError('Network error.', { maybeDelivered: true }), 'token_request_failed', 502],
    [new ApiRequestError('Network error.'), 'api_request_failed', 502],
    [new RadioWorkflowError('usage_invalid', 'Bad.'), 'usage_invalid', 500],
  ] as const)('%s has code and httpStatus', (error, code, httpStatus) => {
    expect(error).toBeInstanceOf(RadioWorkflowError)
    expect(error.code).toBe(code)
    expect(error.httpStatus).toBe(httpStatus)
    expect(error.name).toBe(error.constructor.name)
    const json = error.toJSON()
    expect(json).toMatchObject({ name: error.name, code, message: error.message })
    expect('instanceKey' in json).toBe(error.instanceKey !== undefined)
  })

  test('TokenRequestError says whether the request may have been delivered', () => {
    expect(new TokenRequestError('Lost.', { maybeDelivered: true }).maybeDelivered).toBe(true)
    expect(new TokenRequestError('Refused.', { maybeDelivered: false }).maybeDelivered).toBe(false)
  })
})
