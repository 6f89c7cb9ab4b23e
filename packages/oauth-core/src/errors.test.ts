import { describe, expect, test } from 'vitest'
import { isRadioWorkflowError } from './error-brand'
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

describe('errors from another copy of the SDK', () => {
  // The query string makes Vite load errors.ts a second time: another module instance with its own classes,
  // as after a partial upgrade or with the CommonJS build next to the ESM one.
  const loadSecondCopy = (): Promise<typeof import('./errors')> =>
    import(/* @vite-ignore */ './errors.ts?second-copy' as string)

  test('are recognised by isRadioWorkflowError and by instanceof RadioWorkflowError, both ways', async () => {
    const secondCopy = await loadSecondCopy()
    expect(secondCopy.RadioWorkflowError).not.toBe(RadioWorkflowError)
    const foreign = new secondCopy.NotConnectedError('desert')
    expect(isRadioWorkflowError(foreign)).toBe(true)
    expect(foreign instanceof RadioWorkflowError).toBe(true)
    expect(new NotConnectedError('desert') instanceof secondCopy.RadioWorkflowError).toBe(true)
  })

  test('instanceof a subclass answers for the same class in the other copy, and only for it', async () => {
    const secondCopy = await loadSecondCopy()
    const outage = new secondCopy.StoreError('store_unavailable', 'Redis is unreachable.')
    expect(outage instanceof StoreError).toBe(true)
    expect(outage instanceof NotConnectedError).toBe(false)
    expect(new secondCopy.NotConnectedError('desert') instanceof StoreError).toBe(false)
    expect(new NotConnectedError('desert') instanceof secondCopy.NotConnectedError).toBe(true)
  })

  test('lookalikes without the brand are not SDK errors, whatever their name', () => {
    class StoreErrorLookalike extends Error {
      readonly code = 'store_unavailable'
    }
    Object.defineProperty(StoreErrorLookalike, 'name', { value: 'StoreError' })
    const lookalike = new StoreErrorLookalike('x')
    expect(isRadioWorkflowError(lookalike)).toBe(false)
    expect(lookalike instanceof RadioWorkflowError).toBe(false)
    expect(lookalike instanceof StoreError).toBe(false)
    expect(isRadioWorkflowError(null)).toBe(false)
    expect(isRadioWorkflowError('not_connected')).toBe(false)
  })

  test('the brand does not show when an error is printed or spread', () => {
    const error = new NotConnectedError('desert')
    expect(Object.getOwnPropertySymbols(error)).toEqual([])
    expect(Object.getOwnPropertySymbols({ ...error })).toEqual([])
    expect(JSON.stringify(error)).not.toContain('oauth.error')
  })
})
