import { describe, expect, it } from 'vitest'
import {
  computeTestChallenge,
  connectInstance,
  createBasicAuthorization,
  obtainAuthorizationCode,
  postTokenForm,
  refreshTokens,
  TEST_CODE_VERIFIER,
} from '../test/support/mock-client'
import { createMockRadioWorkflow } from './create-mock-radio-workflow'
import { MOCK_PARTNER_KEY, MOCK_REDIRECT_URI } from './mock-defaults'

async function exchange(mock = createMockRadioWorkflow(), overrides: Record<string, string | null> = {}) {
  const code = await obtainAuthorizationCode(mock)
  const params: Record<string, string> = {}
  const all = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: MOCK_REDIRECT_URI,
    code_verifier: TEST_CODE_VERIFIER,
    ...overrides,
  }
  for (const [name, value] of Object.entries(all)) if (value !== null) params[name] = value
  return { mock, code, response: await postTokenForm(mock, 'token', params) }
}

async function expectOAuthError(response: Response, status: number, error: string) {
  expect(response.status).toBe(status)
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await response.json()) as Record<string, unknown>
  expect(body.error).toBe(error)
  expect(typeof body.error_description).toBe('string')
}

describe('POST /oauth/token', () => {
  it('exchanges a code for exactly the documented token response', async () => {
    const { mock, response } = await exchange()
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = (await response.json()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['access_token', 'expires_in', 'token_type', 'scope', 'refresh_token'])
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'basic' })
    expect(body.access_token).toMatch(/^rwat_[A-Za-z0-9_-]{43}$/)
    expect(body.refresh_token).toMatch(/^rwrt_[A-Za-z0-9_-]{43}$/)
    expect(mock.counters).toMatchObject({ tokenRequests: 1, tokenSuccesses: 1, codesIssued: 1 })
    expect(mock.issued().map((token) => token.value)).toEqual([body.access_token, body.refresh_token])
  })

  it('uses the configured access token lifetime', async () => {
    const { response } = await exchange(createMockRadioWorkflow({ accessTokenLifetimeSeconds: 5 }))
    expect(((await response.json()) as { expires_in: number }).expires_in).toBe(5)
  })

  it('requires Authorization: Basic and answers 401 invalid_client with a Basic challenge', async () => {
    const mock = createMockRadioWorkflow()
    const code = await obtainAuthorizationCode(mock)
    const params = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: MOCK_REDIRECT_URI,
      code_verifier: TEST_CODE_VERIFIER,
    }
    for (const authorization of ['', createBasicAuthorization(MOCK_PARTNER_KEY, 'wrong'), 'Bearer abc']) {
      const response = await postTokenForm(mock, 'token', params, { authorization })
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /)
      await expectOAuthError(response, 401, 'invalid_client')
    }
    expect(mock.counters.invalidClient).toBe(3)
    expect((await postTokenForm(mock, 'token', params)).status).toBe(200)
  })

  it('form-urldecodes the Basic credentials (RFC 6749 §2.3.1)', async () => {
    const partner = { partnerKey: 'partner:1 é', partnerSecret: 's3cr+t/ü %', redirectUris: [MOCK_REDIRECT_URI] }
    const mock = createMockRadioWorkflow({ partners: [partner] })
    mock.setAutoConsent({ instanceKey: 'coastal-fm' })
    const challenge = await computeTestChallenge(TEST_CODE_VERIFIER)
    const authorize = await mock.fetch(
      `${mock.urls.authorize}?response_type=code&client_id=${encodeURIComponent(partner.partnerKey)}&scope=basic&state=s&code_challenge=${challenge}&code_challenge_method=S256`,
    )
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? ''
    const params = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: MOCK_REDIRECT_URI,
      code_verifier: TEST_CODE_VERIFIER,
    }
    const raw = `Basic ${btoa(unescape(encodeURIComponent(`${partner.partnerKey}:${partner.partnerSecret}`)))}`
    expect((await postTokenForm(mock, 'token', params, { authorization: raw })).status).toBe(401)
    const encoded = createBasicAuthorization(partner.partnerKey, partner.partnerSecret)
    expect((await postTokenForm(mock, 'token', params, { authorization: encoded })).status).toBe(200)
  })

  it('rejects the client secret in the query as a hard error, before authenticating', async () => {
    const mock = createMockRadioWorkflow()
    const response = await mock.fetch(`${mock.urls.token}?client_secret=x`, {
      method: 'POST',
      headers: { authorization: createBasicAuthorization(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=x',
    })
    await expectOAuthError(response, 400, 'invalid_request')
    expect(mock.counters.secretInQuery).toBe(1)
  })

  it.each([
    ['client_id in the query', '?client_id=mock-partner', 'grant_type=authorization_code&code=x'],
    ['code in the query', '?code=x', 'grant_type=authorization_code'],
    ['client_secret in the body', '', 'grant_type=authorization_code&code=x&client_secret=mock-partner-secret'],
    ['client_id in the body', '', 'grant_type=authorization_code&code=x&client_id=mock-partner'],
    ['a repeated parameter', '', 'grant_type=authorization_code&code=x&code=y'],
    ['a missing grant_type', '', 'code=x'],
    ['a missing code', '', 'grant_type=authorization_code'],
  ])('rejects %s with 400 invalid_request', async (_, query, body) => {
    const mock = createMockRadioWorkflow()
    const response = await mock.fetch(`${mock.urls.token}${query}`, {
      method: 'POST',
      headers: { authorization: createBasicAuthorization(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    await expectOAuthError(response, 400, 'invalid_request')
  })

  it('requires a form-urlencoded body', async () => {
    const mock = createMockRadioWorkflow()
    const response = await mock.fetch(mock.urls.token, {
      method: 'POST',
      headers: { authorization: createBasicAuthorization(), 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', code: 'x' }),
    })
    await expectOAuthError(response, 400, 'invalid_request')
  })

  it('answers unsupported_grant_type for a refresh grant on the token endpoint and vice versa', async () => {
    const mock = createMockRadioWorkflow()
    await expectOAuthError(
      await postTokenForm(mock, 'token', { grant_type: 'refresh_token', refresh_token: 'x' }),
      400,
      'unsupported_grant_type',
    )
    await expectOAuthError(
      await postTokenForm(mock, 'refresh', { grant_type: 'authorization_code', code: 'x' }),
      400,
      'unsupported_grant_type',
    )
  })

  it('accepts a code once; a reuse answers invalid_grant and revokes the tokens issued from it', async () => {
    const mock = createMockRadioWorkflow()
    const code = await obtainAuthorizationCode(mock)
    const params = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: MOCK_REDIRECT_URI,
      code_verifier: TEST_CODE_VERIFIER,
    }
    const first = (await (await postTokenForm(mock, 'token', params)).json()) as {
      access_token: string
      refresh_token: string
    }
    const api = () =>
      mock.fetch(`${mock.urls.api}/instance`, { headers: { authorization: `Bearer ${first.access_token}` } })
    expect((await api()).status).toBe(200)
    await expectOAuthError(await postTokenForm(mock, 'token', params), 400, 'invalid_grant')
    expect((await api()).status).toBe(401)
    await expectOAuthError(await refreshTokens(mock, first.refresh_token), 400, 'invalid_grant')
    expect(mock.counters.reuseDetected).toBe(1)
  })

  it('lets exactly one of many concurrent exchanges of one code win', async () => {
    const mock = createMockRadioWorkflow()
    const code = await obtainAuthorizationCode(mock)
    const params = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: MOCK_REDIRECT_URI,
      code_verifier: TEST_CODE_VERIFIER,
    }
    const responses = await Promise.all(Array.from({ length: 10 }, () => postTokenForm(mock, 'token', params)))
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1)
  })

  it('expires codes after authorizationCodeLifetimeSeconds using the injected clock', async () => {
    let now = 1_000_000
    const mock = createMockRadioWorkflow({ now: () => now, authorizationCodeLifetimeSeconds: 30 })
    const code = await obtainAuthorizationCode(mock)
    now += 30_000
    const response = await postTokenForm(mock, 'token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: MOCK_REDIRECT_URI,
      code_verifier: TEST_CODE_VERIFIER,
    })
    await expectOAuthError(response, 400, 'invalid_grant')
  })

  it.each([
    ['a PKCE verifier that does not match', { code_verifier: `${TEST_CODE_VERIFIER}x` }],
    ['a missing PKCE verifier', { code_verifier: null }],
    ['a different redirect_uri', { redirect_uri: 'http://localhost:3000/other' }],
    ['a missing redirect_uri', { redirect_uri: null }],
    ['an unknown code', { code: 'rwac_unknown' }],
  ])('answers invalid_grant for %s', async (_, overrides) => {
    const { response } = await exchange(createMockRadioWorkflow(), overrides)
    await expectOAuthError(response, 400, 'invalid_grant')
  })

  it('answers invalid_grant when a verifier is sent for a code issued without PKCE', async () => {
    const mock = createMockRadioWorkflow()
    const code = await obtainAuthorizationCode(mock, { codeVerifier: null })
    const params = { grant_type: 'authorization_code', code, redirect_uri: MOCK_REDIRECT_URI }
    await expectOAuthError(
      await postTokenForm(mock, 'token', { ...params, code_verifier: TEST_CODE_VERIFIER }),
      400,
      'invalid_grant',
    )
    const withoutPkce = await connectInstance(createMockRadioWorkflow(), { codeVerifier: null })
    expect(withoutPkce.access_token).toMatch(/^rwat_/)
  })

  it('binds codes to the client they were issued to', async () => {
    const other = { partnerKey: 'other', partnerSecret: 'other-secret', redirectUris: [MOCK_REDIRECT_URI] }
    const mock = createMockRadioWorkflow({
      partners: [
        { partnerKey: MOCK_PARTNER_KEY, partnerSecret: 'mock-partner-secret', redirectUris: [MOCK_REDIRECT_URI] },
        other,
      ],
    })
    const code = await obtainAuthorizationCode(mock)
    const params = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: MOCK_REDIRECT_URI,
      code_verifier: TEST_CODE_VERIFIER,
    }
    const response = await postTokenForm(mock, 'token', params, {
      authorization: createBasicAuthorization('other', 'other-secret'),
    })
    await expectOAuthError(response, 400, 'invalid_grant')
  })
})
