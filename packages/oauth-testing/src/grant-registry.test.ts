import { describe, expect, it } from 'vitest'
import {
  connectInstance,
  createBasicAuthorization,
  postTokenForm,
  refreshTokens,
  type TokenPair,
} from '../test/support/mock-client'
import { createMockRadioWorkflow, type MockRadioWorkflow } from './create-mock-radio-workflow'
import { MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET, MOCK_REDIRECT_URI } from './mock-defaults'

async function refreshOk(mock: MockRadioWorkflow, refreshToken: string): Promise<TokenPair> {
  const response = await refreshTokens(mock, refreshToken)
  expect(response.status).toBe(200)
  return (await response.json()) as TokenPair
}

async function expectInvalidGrant(response: Response) {
  expect(response.status).toBe(400)
  expect(await response.json()).toMatchObject({ error: 'invalid_grant' })
}

function callApi(mock: MockRadioWorkflow, accessToken: string) {
  return mock.fetch(`${mock.urls.api}/instance`, { headers: { authorization: `Bearer ${accessToken}` } })
}

describe('POST /oauth/refreshToken', () => {
  it('rotates the refresh token and revokes the whole grant when a rotated one is replayed', async () => {
    const mock = createMockRadioWorkflow()
    const first = await connectInstance(mock)
    const second = await refreshOk(mock, first.refresh_token!)
    expect(Object.keys(second)).toEqual(['access_token', 'expires_in', 'token_type', 'scope', 'refresh_token'])
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(second.access_token).not.toBe(first.access_token)
    expect((await callApi(mock, second.access_token)).status).toBe(200)

    await expectInvalidGrant(await refreshTokens(mock, first.refresh_token!))
    expect((await callApi(mock, second.access_token)).status).toBe(401)
    await expectInvalidGrant(await refreshTokens(mock, second.refresh_token!))
    expect(mock.counters).toMatchObject({
      refreshRequests: 3,
      refreshSuccesses: 1,
      reuseDetected: 1,
      invalidGrant: 2,
      refreshesByInstance: { 'desert-broadcasters': 1 },
    })
  })

  it('replays the same new pair for a reuse inside reuseGraceMs, and revokes after it', async () => {
    let now = 5_000_000
    const mock = createMockRadioWorkflow({ now: () => now, reuseGraceMs: 2000 })
    const first = await connectInstance(mock)
    const second = await refreshOk(mock, first.refresh_token!)
    now += 1999
    expect(await refreshOk(mock, first.refresh_token!)).toEqual(second)
    expect(mock.counters.graceReplays).toBe(1)
    now += 1
    await expectInvalidGrant(await refreshTokens(mock, first.refresh_token!))
    expect((await callApi(mock, second.access_token)).status).toBe(401)
  })

  it('revokes on a grace-window reuse once the successor was itself rotated', async () => {
    let now = 5_000_000
    const mock = createMockRadioWorkflow({ now: () => now, reuseGraceMs: 60_000 })
    const first = await connectInstance(mock)
    const second = await refreshOk(mock, first.refresh_token!)
    const third = await refreshOk(mock, second.refresh_token!)
    now += 10
    await expectInvalidGrant(await refreshTokens(mock, first.refresh_token!))
    expect((await callApi(mock, third.access_token)).status).toBe(401)
  })

  it('keeps the refresh token valid and omits it from responses when rotation is off', async () => {
    const mock = createMockRadioWorkflow({ rotateRefreshTokens: false })
    const first = await connectInstance(mock)
    const second = await refreshOk(mock, first.refresh_token!)
    const third = await refreshOk(mock, first.refresh_token!)
    expect(Object.keys(second)).toEqual(['access_token', 'expires_in', 'token_type', 'scope'])
    expect(third.access_token).not.toBe(second.access_token)
    expect((await callApi(mock, second.access_token)).status).toBe(200)
    expect(mock.counters.reuseDetected).toBe(0)
  })

  it('repeats the unchanged refresh token when refreshResponseIncludesRefreshToken is on', async () => {
    const mock = createMockRadioWorkflow({ rotateRefreshTokens: false, refreshResponseIncludesRefreshToken: true })
    const first = await connectInstance(mock)
    expect((await refreshOk(mock, first.refresh_token!)).refresh_token).toBe(first.refresh_token)
    expect((await refreshOk(mock, first.refresh_token!)).refresh_token).toBe(first.refresh_token)
  })

  it('narrows the scope on request and refuses to widen it', async () => {
    const mock = createMockRadioWorkflow()
    const first = await connectInstance(mock, { scopes: ['basic', 'edit-logs'] })
    expect(first.scope).toBe('basic edit-logs')
    const wider = await postTokenForm(mock, 'refresh', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      scope: 'basic dubbed',
    })
    expect(wider.status).toBe(400)
    expect(await wider.json()).toMatchObject({ error: 'invalid_scope' })
    const narrowed = await postTokenForm(mock, 'refresh', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      scope: 'basic',
    })
    expect(((await narrowed.json()) as TokenPair).scope).toBe('basic')
  })

  it('binds refresh tokens to their client', async () => {
    const mock = createMockRadioWorkflow({
      partners: [
        { partnerKey: MOCK_PARTNER_KEY, partnerSecret: MOCK_PARTNER_SECRET, redirectUris: [MOCK_REDIRECT_URI] },
        { partnerKey: 'other', partnerSecret: 'other-secret', redirectUris: [MOCK_REDIRECT_URI] },
      ],
    })
    const first = await connectInstance(mock)
    const response = await postTokenForm(
      mock,
      'refresh',
      { grant_type: 'refresh_token', refresh_token: first.refresh_token! },
      { authorization: createBasicAuthorization('other', 'other-secret') },
    )
    await expectInvalidGrant(response)
    await refreshOk(mock, first.refresh_token!)
  })

  it('answers invalid_grant for an unknown refresh token and invalid_request for a missing one', async () => {
    const mock = createMockRadioWorkflow()
    await expectInvalidGrant(await refreshTokens(mock, 'rwrt_unknown'))
    const missing = await postTokenForm(mock, 'refresh', { grant_type: 'refresh_token' })
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' })
  })

  it('revokeGrant and expireAccessToken act on one instance only', async () => {
    const mock = createMockRadioWorkflow()
    const desert = await connectInstance(mock, { instanceKey: 'desert-broadcasters' })
    const coastal = await connectInstance(mock, { instanceKey: 'coastal-fm' })
    expect(mock.expireAccessToken('desert-broadcasters')).toBe(1)
    expect((await callApi(mock, desert.access_token)).status).toBe(401)
    expect((await callApi(mock, coastal.access_token)).status).toBe(200)
    const renewed = await refreshOk(mock, desert.refresh_token!)
    expect((await callApi(mock, renewed.access_token)).status).toBe(200)

    expect(mock.revokeGrant('coastal-fm')).toBe(1)
    expect((await callApi(mock, coastal.access_token)).status).toBe(401)
    await expectInvalidGrant(await refreshTokens(mock, coastal.refresh_token!))
    expect((await callApi(mock, renewed.access_token)).status).toBe(200)
  })

  it('lets access tokens expire after accessTokenLifetimeSeconds on the injected clock', async () => {
    let now = 1_000
    const mock = createMockRadioWorkflow({ now: () => now })
    mock.settings.accessTokenLifetimeSeconds = 10
    const pair = await connectInstance(mock)
    expect(pair.expires_in).toBe(10)
    now += 9_999
    expect((await callApi(mock, pair.access_token)).status).toBe(200)
    now += 1
    expect((await callApi(mock, pair.access_token)).status).toBe(401)
  })

  it('lists every issued token and resets counters on request', async () => {
    const mock = createMockRadioWorkflow()
    const first = await connectInstance(mock)
    const second = await refreshOk(mock, first.refresh_token!)
    expect(mock.issued().map(({ kind, value, instanceKey }) => ({ kind, value, instanceKey }))).toEqual([
      { kind: 'access_token', value: first.access_token, instanceKey: 'desert-broadcasters' },
      { kind: 'refresh_token', value: first.refresh_token, instanceKey: 'desert-broadcasters' },
      { kind: 'access_token', value: second.access_token, instanceKey: 'desert-broadcasters' },
      { kind: 'refresh_token', value: second.refresh_token, instanceKey: 'desert-broadcasters' },
    ])
    mock.resetCounters()
    expect(mock.counters).toMatchObject({ tokenRequests: 0, refreshRequests: 0, refreshesByInstance: {} })
  })
})
