import { inspect } from 'node:util'
import { decodeBase64 } from '@oslojs/encoding'
import { describe, expect, test } from 'vitest'
import { createCountingRandomBytes, createTestConfig, TEST_SECRET } from '../test/fixtures'
import { createAuthorizationRequest } from './authorization-request'
import { UsageError } from './errors'
import { createBasicAuthorization, createRefreshRequest, createTokenRequest } from './token-request'

function decodeBasic(header: string): string {
  return new TextDecoder().decode(decodeBase64(header.slice('Basic '.length)))
}

function startFlow(configOverrides = {}) {
  const config = createTestConfig(configOverrides)
  const { pending } = createAuthorizationRequest(config, {
    instanceKey: 'i',
    now: 0,
    randomBytes: createCountingRandomBytes(),
  })
  return { config, pending }
}

describe('createBasicAuthorization', () => {
  test.each([
    ['partner-key', 'secret', 'partner-key:secret'],
    ['my key', 'p@ss:w/rd+', 'my+key:p%40ss%3Aw%2Frd%2B'],
    ['ключ', 'é', '%D0%BA%D0%BB%D1%8E%D1%87:%C3%A9'],
    ['a*b-c_d.e~', 'x', 'a*b-c_d.e%7E:x'],
  ])('form-encodes %j and %j before base64 (RFC 6749 §2.3.1)', (id, secret, expected) => {
    const header = createBasicAuthorization(id, secret)
    expect(header.startsWith('Basic ')).toBe(true)
    expect(decodeBasic(header)).toBe(expected)
  })
})

describe('createTokenRequest', () => {
  test('posts the code exchange as a form with Basic authentication', () => {
    const { config, pending } = startFlow()
    const request = createTokenRequest(config, { code: 'the code', pending })
    expect(request.method).toBe('POST')
    expect(request.url).toBe('https://auth.partner-portal.example/token')
    expect(request.headers).toEqual({
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: `Basic ${btoa('partner-key:partner-secret-Zq9%21')}`,
    })
    expect(decodeBasic(request.headers.authorization!)).toBe('partner-key:partner-secret-Zq9%21')
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'the code',
      redirect_uri: 'https://partner.example/auth/rw/callback',
      code_verifier: pending.codeVerifier,
    })
    expect(request.body).toContain('code=the+code')
    expect(request.url).not.toContain(TEST_SECRET)
    expect(request.body).not.toContain(encodeURIComponent(TEST_SECRET))
  })

  test('omits redirect_uri and code_verifier when disabled', () => {
    const { config, pending } = startFlow({ pkce: false, sendRedirectUri: false })
    const request = createTokenRequest(config, { code: 'c', pending })
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'c',
    })
  })

  test('prints the authorization header and body redacted', () => {
    const { config, pending } = startFlow()
    const request = createTokenRequest(config, { code: 'code-XYZ', pending })
    const basic = request.headers.authorization!.slice('Basic '.length)
    for (const printed of [JSON.stringify(request), String(request), inspect(request)]) {
      expect(printed).not.toContain(basic)
      expect(printed).not.toContain('code-XYZ')
      expect(printed).not.toContain(pending.codeVerifier)
      expect(printed).toContain('https://auth.partner-portal.example/token')
    }
  })

  test('rejects an empty code', () => {
    const { config, pending } = startFlow()
    expect(() => createTokenRequest(config, { code: '', pending })).toThrowError(UsageError)
  })
})

describe('createRefreshRequest', () => {
  test('posts grant_type=refresh_token to the refresh endpoint without an access token', () => {
    const config = createTestConfig()
    const request = createRefreshRequest(config, { refreshToken: 'rt/1+2' })
    expect(request.method).toBe('POST')
    expect(request.url).toBe('https://auth.partner-portal.example/refreshToken')
    expect(Object.keys(request.headers).sort()).toEqual(['accept', 'authorization', 'content-type'])
    expect(request.headers.authorization).toMatch(/^Basic /)
    expect(request.body).toBe('grant_type=refresh_token&refresh_token=rt%2F1%2B2')
    expect(inspect(request)).not.toContain('rt%2F1%2B2')
  })

  test('rejects a missing refresh token', () => {
    expect(() => createRefreshRequest(createTestConfig(), { refreshToken: '' })).toThrowError(/authorized again/)
  })
})
