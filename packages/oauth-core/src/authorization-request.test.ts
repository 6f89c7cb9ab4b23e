import { inspect } from 'node:util'
import { decodeBase64urlIgnorePadding } from '@oslojs/encoding'
import { describe, expect, test } from 'vitest'
import { createCountingRandomBytes, createTestConfig } from '../test/fixtures'
import { createAuthorizationRequest } from './authorization-request'
import { UsageError } from './errors'
import { hashToBase64url } from './hash'

const now = 1_700_000_000_000

function start(configOverrides = {}, inputOverrides = {}) {
  return createAuthorizationRequest(createTestConfig(configOverrides), {
    instanceKey: 'desert-broadcasters',
    now,
    randomBytes: createCountingRandomBytes(),
    ...inputOverrides,
  })
}

describe('createAuthorizationRequest', () => {
  test('builds the documented authorize URL with PKCE S256 and redirect_uri', () => {
    const { url, pending, binding } = start({}, { scopes: ['basic', 'edit-logs'], returnTo: '/stations' })
    const parsed = new URL(url)
    expect(`${parsed.origin}${parsed.pathname}`).toBe('https://www.radioworkflow.com/app/listeners/authorize')
    expect([...parsed.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'state',
      'scope',
      'redirect_uri',
      'code_challenge',
      'code_challenge_method',
    ])
    expect(parsed.searchParams.get('response_type')).toBe('code')
    expect(parsed.searchParams.get('client_id')).toBe('partner-key')
    expect(parsed.searchParams.get('state')).toBe(pending.state)
    expect(parsed.searchParams.get('scope')).toBe('basic edit-logs')
    expect(url).toContain('scope=basic%20edit-logs')
    expect(url).not.toContain('+')
    expect(parsed.searchParams.get('redirect_uri')).toBe('https://partner.example/auth/rw/callback')
    expect(parsed.searchParams.get('code_challenge_method')).toBe('S256')
    expect(parsed.searchParams.get('code_challenge')).toBe(hashToBase64url(pending.codeVerifier!))

    expect(decodeBase64urlIgnorePadding(pending.state)).toHaveLength(32)
    expect(decodeBase64urlIgnorePadding(pending.codeVerifier!)).toHaveLength(32)
    expect(decodeBase64urlIgnorePadding(binding)).toHaveLength(32)
    expect(new Set([pending.state, pending.codeVerifier, binding]).size).toBe(3)
    expect(pending).toEqual({
      stateId: hashToBase64url(pending.state),
      state: pending.state,
      bindingHash: hashToBase64url(binding),
      codeVerifier: pending.codeVerifier,
      instanceKey: 'desert-broadcasters',
      scopes: ['basic', 'edit-logs'],
      returnTo: '/stations',
      redirectUri: 'https://partner.example/auth/rw/callback',
      createdAt: now,
      expiresAt: now + 600_000,
    })
  })

  test('matches the RFC 7636 Appendix B challenge', () => {
    expect(hashToBase64url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
  })

  test('omits PKCE and redirect_uri when disabled, and defaults scopes and returnTo', () => {
    const { url, pending } = start({ pkce: false, sendRedirectUri: false, scopes: ['dubbed'] })
    const parsed = new URL(url)
    expect(parsed.searchParams.has('code_challenge')).toBe(false)
    expect(parsed.searchParams.has('code_challenge_method')).toBe(false)
    expect(parsed.searchParams.has('redirect_uri')).toBe(false)
    expect(parsed.searchParams.get('scope')).toBe('dubbed')
    expect(pending.codeVerifier).toBeNull()
    expect(pending.returnTo).toBe('/')
  })

  test('keeps existing query parameters of the authorize URL and replaces ours', () => {
    const endpoints = {
      token: 'https://auth.example/token',
      refresh: 'https://auth.example/refresh',
      authorize: 'https://auth.example/authorize?tenant=a%20b&client_id=stale&flag',
    }
    const { url } = start({ endpoints })
    expect(
      url.startsWith('https://auth.example/authorize?tenant=a%20b&flag&response_type=code&client_id=partner-key&'),
    ).toBe(true)
    expect(new URL(url).searchParams.getAll('client_id')).toEqual(['partner-key'])
  })

  test('prints state and verifier redacted', () => {
    const { pending } = start()
    for (const printed of [JSON.stringify(pending), String(pending), inspect(pending)]) {
      expect(printed).not.toContain(pending.state)
      expect(printed).not.toContain(pending.codeVerifier)
      expect(printed).toContain('desert-broadcasters')
    }
  })

  test.each([
    [{ instanceKey: '' }, /instanceKey must be a non-empty string/],
    [{ instanceKey: undefined }, /instanceKey/],
    [{ returnTo: '//evil.example' }, /same-origin relative path/],
    [{ scopes: [] }, /scopes must be a non-empty array/],
    [{ scopes: ['a b'] }, /without spaces/],
    [{ now: Number.NaN }, /epoch milliseconds/],
    [{ randomBytes: undefined }, /randomBytes must be a function/],
    [{ randomBytes: () => new Uint8Array(16) }, /exactly 32 bytes/],
  ])('rejects %j with a UsageError', (overrides, message) => {
    expect(() => start({}, overrides)).toThrowError(UsageError)
    expect(() => start({}, overrides)).toThrowError(message)
  })
})
