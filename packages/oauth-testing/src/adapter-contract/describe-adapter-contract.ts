import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MockRadioWorkflow } from '../create-mock-radio-workflow'
import { consentAtMock, createMockSetup } from '../create-mock-setup'
import { MOCK_PARTNER_KEY, MOCK_REDIRECT_URI } from '../mock-defaults'
import type { AdapterContractRadioWorkflowOptions, AdapterUnderTest, CreateAdapterUnderTest } from './adapter-fixture'
import { type ParsedSetCookie, readSetCookies } from './set-cookie'

const SECURE_REDIRECT_URI = 'https://localhost:8443/auth/rw/callback'
const INSTANCE = 'desert-broadcasters'
const PENDING_TTL_MS = 10 * 60 * 1000

/** Open-redirect payloads for `returnTo`; every adapter must refuse all of them. */
export const OPEN_REDIRECT_PAYLOADS: readonly string[] = [
  '//evil.example',
  'https://evil.example/',
  '/\\evil.example',
  '\\\\evil.example',
  '%2F%2Fevil.example',
  '/%2F%2Fevil.example',
  '/%5Cevil.example',
  '/%5C%5Cevil.example',
  'javascript:alert(1)',
  '/\t/evil.example',
  'evil.example',
]

/** The one JSON error shape every SDK route answers with. */
const JSON_ERROR_FIELDS = ['error', 'message', 'reconnect', 'reconnectUrl']

interface Session {
  readonly app: AdapterUnderTest
  readonly mock: MockRadioWorkflow
  readonly redirectUri: string
  advanceClock(ms: number): void
}

/**
 * The HTTP-level contract every framework adapter passes, run against a real app of each framework
 * serving the standard routes. Statuses, `Location` and cookie attributes are asserted exactly, so the
 * adapters behave identically.
 *
 * @example
 * describeAdapterContract('hono', async ({ rwOptions }) => {
 *   const app = createExampleApp(createRadioWorkflow(rwOptions))
 *   return { request: (path, init) => app.request(path, init) }
 * })
 */
export function describeAdapterContract(name: string, createAdapter: CreateAdapterUnderTest): void {
  for (const redirectUri of [MOCK_REDIRECT_URI, SECURE_REDIRECT_URI]) {
    const secure = redirectUri.startsWith('https:')
    describe(`${name} adapter contract (${secure ? 'https' : 'http'} redirect URI)`, () => {
      let session: Session
      beforeEach(async () => {
        session = await startSession(createAdapter, redirectUri)
      })
      afterEach(async () => {
        await session.app.close?.()
      })

      it('connects an instance: login redirect with binding cookie, callback redirect to returnTo, connection JSON without tokens, API call', async () => {
        const login = await requestLogin(session, { returnTo: '/dashboard?tab=logs' })
        expect(login.status).toBe(302)
        expectPolicyHeaders(login)
        const authorizeUrl = new URL(login.headers.get('location') ?? '')
        expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(session.mock.urls.authorize)
        expect(authorizeUrl.searchParams.get('client_id')).toBe(MOCK_PARTNER_KEY)
        expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(redirectUri)
        const cookie = readBindingCookie(login)
        expectBindingCookieAttributes(cookie, secure, PENDING_TTL_MS / 1000)
        expect(cookie.value.length).toBeGreaterThanOrEqual(22)

        const callback = await requestCallback(session, await consent(session, authorizeUrl), cookie)
        expect(callback.status).toBe(302)
        expect(callback.headers.get('location')).toBe('/dashboard?tab=logs')
        expectPolicyHeaders(callback)
        const cleared = readBindingCookie(callback)
        expectClearedBindingCookie(cleared, secure)
        expect(cleared.name).toBe(cookie.name)
        expect(session.mock.counters.tokenRequests).toBe(1)

        const connection = await session.app.request(`/connections/${INSTANCE}`)
        expect(connection.status).toBe(200)
        expectPolicyHeaders(connection)
        const text = await connection.text()
        const body = JSON.parse(text) as Record<string, unknown>
        expect(body).toMatchObject({ instanceKey: INSTANCE, status: 'active', version: 1, scopes: ['basic'] })
        expect(typeof body.expiresAt).toBe('number')
        for (const issued of session.mock.issued()) expect(text).not.toContain(issued.value)

        const api = await session.app.request(`/connections/${INSTANCE}/api/instance`)
        expect(api.status).toBe(200)
        expectPolicyHeaders(api)
        expect(api.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/)
        expect(await api.json()).toMatchObject({ key: INSTANCE })
      })

      it('answers 404 for an instance that is not connected, in the one JSON error shape', async () => {
        const connection = await session.app.request('/connections/never-connected')
        expect(connection.status).toBe(404)
        expectPolicyHeaders(connection)
        expect(await connection.json()).toEqual({
          error: 'not_connected',
          message: expect.any(String),
          reconnect: true,
          reconnectUrl: '/auth/rw/login?instance=never-connected',
        })
        const api = await session.app.request('/connections/never-connected/api/instance')
        expect(api.status).toBe(409)
        expectPolicyHeaders(api)
        expect(await api.json()).toEqual({
          error: 'not_connected',
          message: expect.any(String),
          reconnect: true,
          reconnectUrl: '/auth/rw/login?instance=never-connected',
        })
      })

      it('answers a JSON client with the same JSON error shape on the callback', async () => {
        const response = await session.app.request('/auth/rw/callback?code=c', {
          headers: { accept: 'application/json' },
        })
        expect(response.status).toBe(400)
        expectPolicyHeaders(response)
        const body = (await response.json()) as Record<string, unknown>
        expect(body).toMatchObject({ error: 'state_missing', message: expect.any(String), reconnect: true })
        expect(Object.keys(body).filter((key) => !JSON_ERROR_FIELDS.includes(key))).toEqual([])
      })

      for (const [parameter, query] of [
        ['instance', `instance=${INSTANCE}&instance=other-instance`],
        ['returnTo', `instance=${INSTANCE}&returnTo=/a&returnTo=//evil.example`],
      ] as const) {
        it(`refuses a repeated ${parameter} parameter on login with a 400 and no cookie`, async () => {
          const response = await session.app.request(`/auth/rw/login?${query}`)
          expect(response.status).toBe(400)
          expectPolicyHeaders(response)
          expect(response.headers.get('location')).toBeNull()
          expect(readSetCookies(response)).toEqual([])
        })
      }

      it('refuses HEAD on login and callback without storing or consuming anything', async () => {
        const head = await session.app.request(`/auth/rw/login?instance=${INSTANCE}`, { method: 'HEAD' })
        expect(head.status).toBe(405)
        expect(readSetCookies(head)).toEqual([])
        const login = await requestLogin(session)
        const cookie = readBindingCookie(login)
        const callbackPath = await consent(session, new URL(login.headers.get('location') ?? ''))
        const probe = await session.app.request(callbackPath, {
          method: 'HEAD',
          headers: { cookie: toCookiePair(cookie) },
        })
        expect(probe.status).toBe(405)
        expect(session.mock.counters.tokenRequests).toBe(0)
        expect((await requestCallback(session, callbackPath, cookie)).status).toBe(302)
        expect(session.mock.counters.tokenRequests).toBe(1)
      })

      it('redirects to a non-Latin-1 returnTo percent-encoded', async () => {
        const login = await requestLogin(session, { returnTo: '/漢字?q=ü' })
        const callbackPath = await consent(session, new URL(login.headers.get('location') ?? ''))
        const callback = await requestCallback(session, callbackPath, readBindingCookie(login))
        expect(callback.status).toBe(302)
        expect(callback.headers.get('location')).toBe('/%E6%BC%A2%E5%AD%97?q=%C3%BC')
      })

      it('runs two flows in one browser at once: a second login does not break the first', async () => {
        const first = await requestLogin(session, { returnTo: '/first' })
        const firstCookie = readSetBindingCookie(first)
        const second = await requestLogin(session, { returnTo: '/second', cookie: toCookiePair(firstCookie) })
        const secondCookie = readSetBindingCookie(second)
        expect(secondCookie.name).not.toBe(firstCookie.name)
        const jar = `${toCookiePair(firstCookie)}; ${toCookiePair(secondCookie)}`
        const firstPath = await consent(session, new URL(first.headers.get('location') ?? ''))
        const secondPath = await consent(session, new URL(second.headers.get('location') ?? ''))
        const firstDone = await session.app.request(firstPath, { headers: { cookie: jar } })
        expect([firstDone.status, firstDone.headers.get('location')]).toEqual([302, '/first'])
        const secondDone = await session.app.request(secondPath, { headers: { cookie: jar } })
        expect([secondDone.status, secondDone.headers.get('location')]).toEqual([302, '/second'])
        expect(session.mock.counters.tokenRequests).toBe(2)
      })

      it('rejects a callback without state', async () => {
        const login = await requestLogin(session)
        const response = await requestCallback(session, '/auth/rw/callback?code=some-code', readBindingCookie(login))
        await expectErrorPage(response, secure)
        expect(session.mock.counters.tokenRequests).toBe(0)
      })

      it('rejects a callback with an unknown state', async () => {
        const login = await requestLogin(session)
        const response = await requestCallback(
          session,
          '/auth/rw/callback?code=some-code&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
          readBindingCookie(login),
        )
        await expectErrorPage(response, secure)
        expect(session.mock.counters.tokenRequests).toBe(0)
      })

      it('rejects a callback whose state expired', async () => {
        const login = await requestLogin(session)
        const callbackPath = await consent(session, new URL(login.headers.get('location') ?? ''))
        session.advanceClock(PENDING_TTL_MS + 1000)
        const response = await requestCallback(session, callbackPath, readBindingCookie(login))
        await expectErrorPage(response, secure)
        expect(session.mock.counters.tokenRequests).toBe(0)
      })

      it('rejects a replayed callback and exchanges the code once', async () => {
        const login = await requestLogin(session)
        const cookie = readBindingCookie(login)
        const callbackPath = await consent(session, new URL(login.headers.get('location') ?? ''))
        expect((await requestCallback(session, callbackPath, cookie)).status).toBe(302)
        await expectErrorPage(await requestCallback(session, callbackPath, cookie), secure)
        expect(session.mock.counters.tokenRequests).toBe(1)
      })

      it('exchanges the code once when two callbacks arrive at once', async () => {
        const login = await requestLogin(session)
        const cookie = readBindingCookie(login)
        const callbackPath = await consent(session, new URL(login.headers.get('location') ?? ''))
        const responses = await Promise.all([
          requestCallback(session, callbackPath, cookie),
          requestCallback(session, callbackPath, cookie),
        ])
        expect(responses.map((response) => response.status).sort()).toEqual([302, 400])
        expect(session.mock.counters.tokenRequests).toBe(1)
      })

      it('rejects a callback without the binding cookie', async () => {
        const login = await requestLogin(session)
        const callbackPath = await consent(session, new URL(login.headers.get('location') ?? ''))
        await expectErrorPage(await requestCallback(session, callbackPath, null), secure)
        expect(session.mock.counters.tokenRequests).toBe(0)
      })

      it("rejects a callback carrying another browser's binding cookie", async () => {
        const victim = await requestLogin(session)
        const attacker = await requestLogin(session)
        const callbackPath = await consent(session, new URL(victim.headers.get('location') ?? ''))
        await expectErrorPage(await requestCallback(session, callbackPath, readBindingCookie(attacker)), secure)
        expect(session.mock.counters.tokenRequests).toBe(0)
      })

      it('shows denied consent as a plain page and never renders the error description as markup', async () => {
        const login = await requestLogin(session)
        const state = new URL(login.headers.get('location') ?? '').searchParams.get('state') ?? ''
        const hostile = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>'
        const query = new URLSearchParams({ error: 'access_denied', error_description: hostile, state })
        const response = await requestCallback(session, `/auth/rw/callback?${query}`, readBindingCookie(login))
        const html = await expectErrorPage(response, secure)
        expect(html).not.toContain('<script>alert')
        expect(html).not.toContain('<img src=x')
        expect(session.mock.counters.tokenRequests).toBe(0)
      })

      it('rejects duplicated callback parameters', async () => {
        const login = await requestLogin(session)
        const cookie = readBindingCookie(login)
        const callbackPath = await consent(session, new URL(login.headers.get('location') ?? ''))
        const callbackUrl = new URL(callbackPath, 'http://placeholder.invalid')
        const state = callbackUrl.searchParams.get('state') ?? ''
        const code = callbackUrl.searchParams.get('code') ?? ''
        const duplicatedState = `/auth/rw/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}&state=${encodeURIComponent(state)}`
        await expectErrorPage(await requestCallback(session, duplicatedState, cookie), secure)
        expect(session.mock.counters.tokenRequests).toBe(0)
      })

      for (const payload of OPEN_REDIRECT_PAYLOADS) {
        it(`refuses the open-redirect returnTo ${JSON.stringify(payload)}`, async () => {
          const response = await requestLogin(session, { returnTo: payload })
          expect(response.status).toBe(400)
          expect(response.headers.get('location')).toBeNull()
          expect(readSetCookies(response)).toEqual([])
        })
      }

      it('ignores spoofed X-Forwarded-Host and Host headers', async () => {
        const spoofed = {
          'x-forwarded-host': 'evil.example',
          'x-forwarded-proto': 'https',
          forwarded: 'host=evil.example',
        }
        const login = await requestLogin(session, { returnTo: '/after', headers: spoofed })
        const authorizeUrl = new URL(login.headers.get('location') ?? '')
        expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(redirectUri)
        const cookie = readBindingCookie(login)
        expect(cookie.attributes.domain).toBeUndefined()
        const callback = await requestCallback(session, await consent(session, authorizeUrl), cookie, spoofed)
        expect(callback.status).toBe(302)
        expect(callback.headers.get('location')).toBe('/after')
      })
    })
  }
}

async function startSession(createAdapter: CreateAdapterUnderTest, redirectUri: string): Promise<Session> {
  let offsetMs = 0
  const { mock, clientOptions } = createMockSetup({ redirectUris: [MOCK_REDIRECT_URI, SECURE_REDIRECT_URI] })
  const rwOptions: AdapterContractRadioWorkflowOptions = {
    ...clientOptions,
    redirectUri,
    now: () => Date.now() + offsetMs,
  }
  const app = await createAdapter({ rwOptions })
  return {
    app,
    mock,
    redirectUri,
    advanceClock(ms) {
      offsetMs += ms
    },
  }
}

function requestLogin(
  session: Session,
  { returnTo, headers = {}, cookie }: { returnTo?: string; headers?: Record<string, string>; cookie?: string } = {},
): Promise<Response> {
  const query = new URLSearchParams({ instance: INSTANCE })
  if (returnTo !== undefined) query.set('returnTo', returnTo)
  return session.app.request(`/auth/rw/login?${query}`, {
    headers: cookie === undefined ? headers : { ...headers, cookie },
  })
}

function requestCallback(
  session: Session,
  pathWithQuery: string,
  cookie: ParsedSetCookie | null,
  headers: Record<string, string> = {},
): Promise<Response> {
  const allHeaders: Record<string, string> = { ...headers }
  if (cookie !== null) allHeaders.cookie = toCookiePair(cookie)
  return session.app.request(pathWithQuery, { headers: allHeaders })
}

/** Consents at the mock (auto-consent) and returns the callback's path and query on the app. */
async function consent(session: Session, authorizeUrl: URL): Promise<string> {
  const callback = await consentAtMock(session.mock, authorizeUrl, { instanceKey: INSTANCE, scopes: ['basic'] })
  expect(`${callback.origin}${callback.pathname}`).toBe(session.redirectUri)
  return `${callback.pathname}${callback.search}`
}

function readBindingCookie(response: Response): ParsedSetCookie {
  const cookies = readSetCookies(response).filter((cookie) => cookie.name.includes('rw-oauth-binding'))
  expect(cookies).toHaveLength(1)
  return cookies[0] as ParsedSetCookie
}

function readSetBindingCookie(response: Response): ParsedSetCookie {
  const cookies = readSetCookies(response).filter(
    (cookie) => cookie.name.includes('rw-oauth-binding') && cookie.value !== '',
  )
  expect(cookies).toHaveLength(1)
  return cookies[0] as ParsedSetCookie
}

function expectPolicyHeaders(response: Response): void {
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(response.headers.get('x-content-type-options')).toBe('nosniff')
}

function toCookiePair(cookie: ParsedSetCookie): string {
  return `${cookie.name}=${cookie.value}`
}

function expectBindingCookieAttributes(cookie: ParsedSetCookie, secure: boolean, maxAgeSeconds: number): void {
  // One cookie per flow: the prefix, then 16 characters naming the flow.
  expect(cookie.name).toMatch(secure ? /^__Host-rw-oauth-binding-[\w-]{16}$/ : /^rw-oauth-binding-[\w-]{16}$/)
  const expected: Record<string, string | true> = {
    'max-age': String(maxAgeSeconds),
    path: '/',
    httponly: true,
    samesite: 'Lax',
  }
  if (secure) expected.secure = true
  expect(cookie.attributes).toEqual(expected)
}

function expectClearedBindingCookie(cookie: ParsedSetCookie, secure: boolean): void {
  expect(cookie.value).toBe('')
  expectBindingCookieAttributes(cookie, secure, 0)
}

async function expectErrorPage(response: Response, secure: boolean): Promise<string> {
  expect(response.status).toBe(400)
  expect(response.headers.get('content-type') ?? '').toMatch(/^text\/html/)
  expectPolicyHeaders(response)
  expect(response.headers.get('location')).toBeNull()
  expectClearedBindingCookie(readBindingCookie(response), secure)
  const html = await response.text()
  expect(html).not.toMatch(/\n\s+at /)
  return html
}
