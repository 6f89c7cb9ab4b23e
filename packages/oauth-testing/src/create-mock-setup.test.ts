import { describe, expect, it } from 'vitest'
import { computeTestChallenge, postTokenForm, TEST_CODE_VERIFIER } from '../test/support/mock-client'
import { consentAtMock, createMockSetup, type MockClientOptions } from './create-mock-setup'
import { MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET, MOCK_REDIRECT_URI } from './mock-defaults'

const OTHER_REDIRECT_URI = 'https://localhost:8443/auth/rw/callback'

/** What a client builds from `clientOptions` for the authorize step (RFC 6749 §4.1.1 with PKCE S256). */
async function buildAuthorizeUrl(options: MockClientOptions, state = 'st-1'): Promise<URL> {
  const url = new URL(options.endpoints.authorize)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', options.partnerKey)
  url.searchParams.set('redirect_uri', options.redirectUri)
  url.searchParams.set('scope', options.scopes.join(' '))
  url.searchParams.set('state', state)
  url.searchParams.set('code_challenge', await computeTestChallenge(TEST_CODE_VERIFIER))
  url.searchParams.set('code_challenge_method', 'S256')
  return url
}

describe('createMockSetup', () => {
  it('registers MOCK_REDIRECT_URI by default and points the client options at the mock in-process', () => {
    const { mock, clientOptions } = createMockSetup()
    expect(mock.partners).toEqual([
      { partnerKey: MOCK_PARTNER_KEY, partnerSecret: MOCK_PARTNER_SECRET, redirectUris: [MOCK_REDIRECT_URI] },
    ])
    expect(clientOptions).toEqual({
      partnerKey: MOCK_PARTNER_KEY,
      partnerSecret: MOCK_PARTNER_SECRET,
      redirectUri: MOCK_REDIRECT_URI,
      endpoints: mock.urls,
      scopes: ['basic'],
      fetch: mock.fetch,
    })
  })

  it('registers every given redirect URI, uses the first, and passes the other options to the mock', () => {
    const { mock, clientOptions } = createMockSetup({
      redirectUris: [OTHER_REDIRECT_URI, MOCK_REDIRECT_URI],
      baseUrl: 'http://localhost:4010',
      accessTokenLifetimeSeconds: 60,
    })
    expect(mock.partners[0]?.redirectUris).toEqual([OTHER_REDIRECT_URI, MOCK_REDIRECT_URI])
    expect(clientOptions.redirectUri).toBe(OTHER_REDIRECT_URI)
    expect(clientOptions.endpoints.token).toBe('http://localhost:4010/oauth/token')
    expect(mock.settings.accessTokenLifetimeSeconds).toBe(60)
  })
})

describe('consentAtMock', () => {
  it('returns the callback URL with a code the token endpoint exchanges once', async () => {
    const { mock, clientOptions } = createMockSetup({ redirectUris: [MOCK_REDIRECT_URI, OTHER_REDIRECT_URI] })
    const options = { ...clientOptions, redirectUri: OTHER_REDIRECT_URI }
    const callbackUrl = await consentAtMock(mock, await buildAuthorizeUrl(options), {
      instanceKey: 'coastal-fm',
      scopes: ['basic'],
    })
    expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(OTHER_REDIRECT_URI)
    expect(callbackUrl.searchParams.get('state')).toBe('st-1')
    const token = await postTokenForm(mock, 'token', {
      grant_type: 'authorization_code',
      code: callbackUrl.searchParams.get('code') ?? '',
      redirect_uri: OTHER_REDIRECT_URI,
      code_verifier: TEST_CODE_VERIFIER,
    })
    expect(token.status).toBe(200)
    expect(await token.json()).toMatchObject({ scope: 'basic' })
    expect(mock.counters.tokenRequests).toBe(1)
  })

  it('returns the error redirect when consent is denied', async () => {
    const { mock, clientOptions } = createMockSetup()
    const callbackUrl = await consentAtMock(mock, (await buildAuthorizeUrl(clientOptions)).href, {
      instanceKey: 'coastal-fm',
      deny: true,
    })
    expect(callbackUrl.searchParams.get('error')).toBe('access_denied')
    expect(callbackUrl.searchParams.get('code')).toBeNull()
  })

  it('throws an error that names the status when the mock does not redirect', async () => {
    const { mock, clientOptions } = createMockSetup()
    const unregistered = await buildAuthorizeUrl({ ...clientOptions, redirectUri: OTHER_REDIRECT_URI })
    await expect(consentAtMock(mock, unregistered, { instanceKey: 'coastal-fm' })).rejects.toThrow(
      /answered HTTP 400 instead of redirecting .* redirect URI the mock registers/,
    )
  })
})
