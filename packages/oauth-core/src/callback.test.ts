import { describe, expect, test } from 'vitest'
import { createCountingRandomBytes, createTestConfig } from '../test/fixtures'
import { createAuthorizationRequest } from './authorization-request'
import { readCallbackState, validateCallback } from './callback'
import { AuthorizationCallbackError, type CallbackErrorCode } from './errors'
import { hashToBase64url } from './hash'
import { createPendingAuthorization } from './pending-authorization-serialization'

const now = 1_700_000_000_000
const callbackBase = 'https://partner.example/auth/rw/callback'
const code = 'code-VALUE-123'

function startFlow(configOverrides = {}) {
  const config = createTestConfig(configOverrides)
  const request = createAuthorizationRequest(config, {
    instanceKey: 'desert',
    now,
    randomBytes: createCountingRandomBytes(),
  })
  return { config, ...request }
}

function catchCallbackError(run: () => unknown): AuthorizationCallbackError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(AuthorizationCallbackError)
    return error as AuthorizationCallbackError
  }
  throw new Error('expected an AuthorizationCallbackError')
}

describe('readCallbackState', () => {
  test('returns the state and its storage id', () => {
    expect(readCallbackState(`${callbackBase}?code=c&state=abc`)).toEqual({
      state: 'abc',
      stateId: hashToBase64url('abc'),
    })
    expect(readCallbackState(new URL(`${callbackBase}?state=abc`)).state).toBe('abc')
    expect(readCallbackState('/auth/rw/callback?state=abc').state).toBe('abc')
  })

  test.each([
    ['state_missing', `${callbackBase}?code=c`],
    ['state_missing', `${callbackBase}?code=c&state=`],
    ['callback_invalid', `${callbackBase}?code=c&state=a&state=b`],
    ['callback_invalid', `${callbackBase}?state=${'x'.repeat(5000)}`],
    ['callback_invalid', 'http://[not-a-host/cb?state=a'],
  ] as const)('%s for %s', (expected, url) => {
    const error = catchCallbackError(() => readCallbackState(url))
    expect(error.code).toBe(expected)
    expect(error.httpStatus).toBe(400)
  })
})

describe('validateCallback', () => {
  type Case = {
    name: string
    expected: CallbackErrorCode
    query?: (state: string) => string
    pending?: 'none' | 'other' | 'expired'
    binding?: 'none' | 'empty' | 'wrong'
    config?: Record<string, unknown>
    oauthError?: string
    message?: RegExp
  }
  const cases: Case[] = [
    { name: 'no state', expected: 'state_missing', query: () => `code=${code}` },
    { name: 'duplicated state', expected: 'callback_invalid', query: (s) => `state=${s}&state=${s}&code=${code}` },
    { name: 'duplicated code', expected: 'callback_invalid', query: (s) => `state=${s}&code=a&code=b` },
    { name: 'duplicated error', expected: 'callback_invalid', query: (s) => `state=${s}&error=a&error=b` },
    { name: 'unknown state', expected: 'state_unknown', pending: 'none' },
    { name: 'state of another flow', expected: 'state_mismatch', pending: 'other' },
    { name: 'expired', expected: 'state_expired', pending: 'expired' },
    { name: 'no binding cookie', expected: 'binding_missing', binding: 'none' },
    { name: 'empty binding cookie', expected: 'binding_missing', binding: 'empty' },
    { name: 'binding of another browser', expected: 'binding_mismatch', binding: 'wrong' },
    {
      name: 'access_denied',
      expected: 'authorization_denied',
      query: (s) => `state=${s}&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C/script%3E`,
      oauthError: 'access_denied',
      message: /declined/,
    },
    {
      name: 'invalid_scope',
      expected: 'authorization_denied',
      query: (s) => `state=${s}&error=invalid_scope`,
      oauthError: 'invalid_scope',
      message: /Super User/,
    },
    {
      name: 'other error code',
      expected: 'authorization_denied',
      query: (s) => `state=${s}&error=server_error`,
      oauthError: 'server_error',
      message: /"server_error"/,
    },
    {
      name: 'error code with markup characters',
      expected: 'authorization_denied',
      query: (s) => `state=${s}&error=%3Cb%3Ebold`,
      oauthError: '<b>bold',
      message: /^Radio Workflow did not authorize the connection\. /,
    },
    { name: 'malformed error code', expected: 'callback_invalid', query: (s) => `state=${s}&error=%22quoted%22` },
    { name: 'no code', expected: 'callback_invalid', query: (s) => `state=${s}` },
    { name: 'empty code', expected: 'callback_invalid', query: (s) => `state=${s}&code=` },
    {
      name: 'missing iss with an issuer configured',
      expected: 'issuer_mismatch',
      config: { issuer: 'https://issuer.example' },
    },
    {
      name: 'wrong iss',
      expected: 'issuer_mismatch',
      query: (s) => `state=${s}&code=${code}&iss=https%3A%2F%2Fevil.example`,
      config: { issuer: 'https://issuer.example' },
    },
    {
      name: 'wrong iss on an error response',
      expected: 'issuer_mismatch',
      query: (s) => `state=${s}&error=access_denied&iss=https%3A%2F%2Fevil.example`,
      config: { issuer: 'https://issuer.example' },
    },
  ]

  test.each(cases)('$name → $expected', (testCase) => {
    const { config, pending, binding } = startFlow(testCase.config)
    const query = (testCase.query ?? ((s: string) => `state=${s}&code=${code}`))(pending.state)
    const storedPending =
      testCase.pending === 'none'
        ? null
        : testCase.pending === 'other'
          ? createPendingAuthorization({ ...pending, state: `${pending.state.slice(0, -1)}x` })
          : pending
    const error = catchCallbackError(() =>
      validateCallback(config, {
        callbackUrl: `${callbackBase}?${query}`,
        pending: storedPending,
        binding:
          testCase.binding === 'none'
            ? undefined
            : testCase.binding === 'empty'
              ? ''
              : testCase.binding === 'wrong'
                ? `${binding}x`
                : binding,
        now: testCase.pending === 'expired' ? pending.expiresAt : now + 1000,
      }),
    )
    expect(error.code).toBe(testCase.expected)
    expect(error.httpStatus).toBe(400)
    expect(error.oauthError).toBe(testCase.oauthError)
    if (testCase.message) expect(error.message).toMatch(testCase.message)
    for (const secret of [pending.state, code, binding, '<script>', 'alert']) {
      expect(error.message).not.toContain(secret)
      expect(JSON.stringify(error)).not.toContain(secret)
    }
  })

  test('accepts a valid callback, tolerating unknown parameters', () => {
    const { config, pending, binding } = startFlow()
    const result = validateCallback(config, {
      callbackUrl: `${callbackBase}?state=${pending.state}&code=${code}&session_state=xyz&iss=https%3A%2F%2Fanything`,
      pending,
      binding,
      now: pending.expiresAt - 1,
    })
    expect(result).toEqual({ code, pending })
    expect(result.pending.instanceKey).toBe('desert')
  })

  test('accepts a matching iss when an issuer is configured', () => {
    const { config, pending, binding } = startFlow({ issuer: 'https://issuer.example' })
    const result = validateCallback(config, {
      callbackUrl: new URL(`${callbackBase}?state=${pending.state}&code=${code}&iss=https%3A%2F%2Fissuer.example`),
      pending,
      binding,
      now,
    })
    expect(result.code).toBe(code)
  })
})
