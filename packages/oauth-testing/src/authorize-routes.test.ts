import { describe, expect, it } from 'vitest'
import { computeTestChallenge, postTokenForm, TEST_CODE_VERIFIER } from '../test/support/mock-client'
import { createMockRadioWorkflow, type MockRadioWorkflow } from './create-mock-radio-workflow'
import { MOCK_PARTNER_KEY, MOCK_REDIRECT_URI } from './mock-defaults'

function authorizeUrl(mock: MockRadioWorkflow, params: Record<string, string | null> = {}): string {
  const url = new URL(mock.urls.authorize)
  const all = {
    response_type: 'code',
    client_id: MOCK_PARTNER_KEY,
    redirect_uri: MOCK_REDIRECT_URI,
    scope: 'basic',
    state: 'st-1',
    ...params,
  }
  for (const [name, value] of Object.entries(all)) if (value !== null) url.searchParams.set(name, value)
  return url.toString()
}

function readRedirect(response: Response): URLSearchParams {
  expect(response.status).toBe(302)
  const location = new URL(response.headers.get('location') ?? '')
  expect(`${location.origin}${location.pathname}`).toBe(MOCK_REDIRECT_URI)
  return location.searchParams
}

/** Opens the consent page and submits it like a browser would. */
async function submitConsent(mock: MockRadioWorkflow, url: string, fields: Record<string, string | string[]>) {
  const page = await (await mock.fetch(url)).text()
  const requestId = /name="request_id" value="([^"]+)"/.exec(page)?.[1] ?? ''
  const form = new URLSearchParams({ request_id: requestId })
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item)
  return mock.fetch(mock.urls.authorize, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  })
}

describe('GET /app/listeners/authorize', () => {
  it('serves a consent page with the documented element ids and names', async () => {
    const mock = createMockRadioWorkflow()
    const response = await mock.fetch(authorizeUrl(mock, { scope: 'basic edit-logs' }))
    expect(response.status).toBe(200)
    const page = await response.text()
    for (const fragment of [
      '<select id="instance" name="instance">',
      '<select id="user" name="user">',
      '<option value="desert-broadcasters">Desert Broadcasters</option>',
      '<option value="super">',
      'id="scope-basic" name="scope" value="basic"',
      'id="scope-edit-logs" name="scope" value="edit-logs"',
      '<button id="approve" type="submit" name="action" value="approve">',
      '<button id="deny" type="submit" name="action" value="deny">',
    ]) {
      expect(page).toContain(fragment)
    }
    expect(page).not.toContain('scope-dubbed')
    expect(mock.counters.authorize).toBe(1)
  })

  it('escapes instance names and request values in the HTML', async () => {
    const mock = createMockRadioWorkflow({
      instances: [{ key: 'x"><script>alert(1)</script>', name: '<script>alert("pwned")</script> FM' }],
    })
    const page = await (await mock.fetch(authorizeUrl(mock, { state: '"><img src=x onerror=alert(1)>' }))).text()
    expect(page).not.toContain('<script>')
    expect(page).not.toContain('<img')
    expect(page).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; FM')
    expect(page).toContain('value="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
  })

  it('redirects with code and state on approve, and the code exchanges for the chosen instance and scopes', async () => {
    const mock = createMockRadioWorkflow()
    const challenge = await computeTestChallenge(TEST_CODE_VERIFIER)
    const url = authorizeUrl(mock, {
      scope: 'basic edit-logs',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const response = await submitConsent(mock, url, {
      instance: 'coastal-fm',
      user: 'normal',
      scope: 'basic',
      action: 'approve',
    })
    const params = readRedirect(response)
    expect(params.get('state')).toBe('st-1')
    const tokens = await postTokenForm(mock, 'token', {
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: MOCK_REDIRECT_URI,
      code_verifier: TEST_CODE_VERIFIER,
    })
    const body = (await tokens.json()) as { access_token: string; scope: string }
    expect(body.scope).toBe('basic')
    const instance = await mock.fetch(`${mock.urls.api}/instance`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    })
    expect(await instance.json()).toEqual({ key: 'coastal-fm', name: 'Coastal FM', scopes: ['basic'] })
  })

  it('redirects with access_denied and state on deny', async () => {
    const mock = createMockRadioWorkflow()
    const params = readRedirect(
      await submitConsent(mock, authorizeUrl(mock), { instance: 'coastal-fm', user: 'super', action: 'deny' }),
    )
    expect(params.get('error')).toBe('access_denied')
    expect(params.get('state')).toBe('st-1')
    expect(params.has('code')).toBe(false)
  })

  it('accepts each consent page once', async () => {
    const mock = createMockRadioWorkflow()
    const page = await (await mock.fetch(authorizeUrl(mock))).text()
    const requestId = /name="request_id" value="([^"]+)"/.exec(page)?.[1] ?? ''
    const post = () =>
      mock.fetch(mock.urls.authorize, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          request_id: requestId,
          instance: 'coastal-fm',
          user: 'super',
          scope: 'basic',
          action: 'approve',
        }),
      })
    expect((await post()).status).toBe(302)
    expect((await post()).status).toBe(400)
  })

  it('grants dubbed only for a Super User; a normal user has it dropped, or denied when it was all', async () => {
    const mock = createMockRadioWorkflow()
    const exchange = async (code: string | null) => {
      const response = await postTokenForm(mock, 'token', {
        grant_type: 'authorization_code',
        code: code ?? '',
        redirect_uri: MOCK_REDIRECT_URI,
      })
      return ((await response.json()) as { scope: string }).scope
    }
    const url = () => authorizeUrl(mock, { scope: 'basic dubbed' })
    const consent = { instance: 'mountain-radio', scope: ['basic', 'dubbed'], action: 'approve' }
    const superCode = readRedirect(await submitConsent(mock, url(), { ...consent, user: 'super' })).get('code')
    expect(await exchange(superCode)).toBe('basic dubbed')
    const normalCode = readRedirect(await submitConsent(mock, url(), { ...consent, user: 'normal' })).get('code')
    expect(await exchange(normalCode)).toBe('basic')

    mock.setAutoConsent({ instanceKey: 'mountain-radio', user: 'normal' })
    const onlyDubbed = readRedirect(await mock.fetch(authorizeUrl(mock, { scope: 'dubbed' })))
    expect(onlyDubbed.get('error')).toBe('access_denied')
  })

  it('never grants a scope that was not requested', async () => {
    const mock = createMockRadioWorkflow()
    mock.setAutoConsent({ instanceKey: 'coastal-fm', scopes: ['basic', 'edit-settings'] })
    const code = readRedirect(await mock.fetch(authorizeUrl(mock))).get('code') ?? ''
    const response = await postTokenForm(mock, 'token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: MOCK_REDIRECT_URI,
    })
    expect(((await response.json()) as { scope: string }).scope).toBe('basic')
  })

  it('answers at once in auto-consent mode, including deny', async () => {
    const mock = createMockRadioWorkflow()
    mock.setAutoConsent({ instanceKey: 'coastal-fm', deny: true })
    expect(readRedirect(await mock.fetch(authorizeUrl(mock))).get('error')).toBe('access_denied')
    mock.setAutoConsent({ instanceKey: 'coastal-fm' })
    expect(readRedirect(await mock.fetch(authorizeUrl(mock))).get('code')).toMatch(/^rwac_/)
    mock.setAutoConsent(null)
    expect((await mock.fetch(authorizeUrl(mock))).status).toBe(200)
  })

  it('uses the single registered redirect URI when none is given', async () => {
    const mock = createMockRadioWorkflow()
    mock.setAutoConsent({ instanceKey: 'coastal-fm' })
    expect(readRedirect(await mock.fetch(authorizeUrl(mock, { redirect_uri: null }))).get('code')).toMatch(/^rwac_/)
  })

  it.each([
    ['an unknown client_id', { client_id: 'nope' }],
    ['a missing client_id', { client_id: null }],
    ['an unregistered redirect_uri', { redirect_uri: 'http://localhost:3000/evil' }],
  ])('shows an error page without redirecting for %s', async (_, params) => {
    const mock = createMockRadioWorkflow()
    mock.setAutoConsent({ instanceKey: 'coastal-fm' })
    const response = await mock.fetch(authorizeUrl(mock, params))
    expect(response.status).toBe(400)
    expect(response.headers.get('location')).toBeNull()
    expect(await response.text()).toContain('id="error"')
  })

  it.each([
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type', 'st-1'],
    ['a missing state', { state: null }, 'invalid_request', null],
    ['an unknown scope', { scope: 'basic admin' }, 'invalid_scope', 'st-1'],
    ['a missing scope', { scope: null }, 'invalid_scope', 'st-1'],
    [
      'PKCE method plain',
      { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
      'invalid_request',
      'st-1',
    ],
    [
      'a malformed code_challenge',
      { code_challenge: 'short', code_challenge_method: 'S256' },
      'invalid_request',
      'st-1',
    ],
  ])('redirects with an error for %s', async (_, params, error, state) => {
    const mock = createMockRadioWorkflow()
    mock.setAutoConsent({ instanceKey: 'coastal-fm' })
    const redirect = readRedirect(await mock.fetch(authorizeUrl(mock, params)))
    expect(redirect.get('error')).toBe(error)
    expect(redirect.get('state')).toBe(state)
    expect(redirect.has('code')).toBe(false)
  })
})
