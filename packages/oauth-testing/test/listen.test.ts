import { afterEach, describe, expect, it } from 'vitest'
import { createMockRadioWorkflow, MOCK_DEFAULT_BASE_URL, MOCK_REDIRECT_URI, type MockServerHandle } from '../src/index'
import { computeTestChallenge, createBasicAuthorization, TEST_CODE_VERIFIER } from './support/mock-client'

const handles: MockServerHandle[] = []
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()))
})

function postForm(url: string, params: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { authorization: createBasicAuthorization(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
    redirect: 'manual',
  })
}

describe('mock.listen()', () => {
  it('serves the whole flow over real HTTP on a random loopback port', async () => {
    const mock = createMockRadioWorkflow()
    const handle = await mock.listen({ port: 0 })
    handles.push(handle)
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(handle.url).not.toMatch(/:0$/)
    expect(mock.baseUrl).toBe(handle.url)
    expect(mock.urls).toEqual({
      authorize: `${handle.url}/app/listeners/authorize`,
      token: `${handle.url}/oauth/token`,
      refresh: `${handle.url}/oauth/refreshToken`,
      api: `${handle.url}/api/v1`,
    })

    const challenge = await computeTestChallenge(TEST_CODE_VERIFIER)
    const authorize = new URL(mock.urls.authorize)
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'mock-partner',
      scope: 'basic edit-logs',
      state: 'real-http',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()
    const page = await fetch(authorize)
    expect(await page.text()).toContain('id="approve"')
    mock.setAutoConsent({ instanceKey: 'mountain-radio', user: 'normal' })
    const redirect = await fetch(authorize, { redirect: 'manual' })
    expect(redirect.status).toBe(302)
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? ''

    const tokens = await postForm(mock.urls.token, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: MOCK_REDIRECT_URI,
      code_verifier: TEST_CODE_VERIFIER,
    })
    expect(tokens.status).toBe(200)
    const pair = (await tokens.json()) as { access_token: string; refresh_token: string }
    const instance = await fetch(`${mock.urls.api}/instance`, {
      headers: { authorization: `Bearer ${pair.access_token}` },
    })
    expect(await instance.json()).toEqual({
      key: 'mountain-radio',
      name: 'Mountain Radio',
      scopes: ['basic', 'edit-logs'],
    })

    const refreshed = await postForm(mock.urls.refresh, {
      grant_type: 'refresh_token',
      refresh_token: pair.refresh_token,
    })
    expect(refreshed.status).toBe(200)
    const reuse = await postForm(mock.urls.refresh, { grant_type: 'refresh_token', refresh_token: pair.refresh_token })
    expect(reuse.status).toBe(400)
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('answers 401 with WWW-Authenticate over HTTP and rejects a secret in the query', async () => {
    const mock = createMockRadioWorkflow()
    handles.push(await mock.listen())
    const unauthenticated = await fetch(mock.urls.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=x',
    })
    expect(unauthenticated.status).toBe(401)
    expect(unauthenticated.headers.get('www-authenticate')).toMatch(/^Basic /)
    const inQuery = await postForm(`${mock.urls.token}?client_secret=mock-partner-secret`, {
      grant_type: 'authorization_code',
    })
    expect(inQuery.status).toBe(400)
    expect(mock.counters.secretInQuery).toBe(1)
  })

  it('destroys the socket after rotating for lose_response_after_rotation', async () => {
    const mock = createMockRadioWorkflow()
    handles.push(await mock.listen())
    mock.setAutoConsent({ instanceKey: 'coastal-fm' })
    const redirect = await mock.fetch(
      `${mock.urls.authorize}?response_type=code&client_id=mock-partner&scope=basic&state=s`,
    )
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? ''
    const pair = (await (
      await postForm(mock.urls.token, { grant_type: 'authorization_code', code, redirect_uri: MOCK_REDIRECT_URI })
    ).json()) as { refresh_token: string }

    mock.faults.nextTokenResponses.push({ kind: 'lose_response_after_rotation' })
    await expect(
      postForm(mock.urls.refresh, { grant_type: 'refresh_token', refresh_token: pair.refresh_token }),
    ).rejects.toBeInstanceOf(TypeError)
    expect(mock.counters.refreshSuccesses).toBe(1)
    const retry = await postForm(mock.urls.refresh, { grant_type: 'refresh_token', refresh_token: pair.refresh_token })
    expect(await retry.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('restores the in-process base URL after close', async () => {
    const mock = createMockRadioWorkflow()
    const handle = await mock.listen()
    await handle.close()
    expect(mock.baseUrl).toBe(MOCK_DEFAULT_BASE_URL)
    await expect(fetch(`${handle.url}/oauth/token`, { method: 'POST' })).rejects.toBeInstanceOf(TypeError)
  })
})
