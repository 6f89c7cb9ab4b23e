import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { consentAtMock } from '@rw/oauth-testing'
import { describe, expect, it } from 'vitest'
import { handleApiProxyRequest } from '../src/api-proxy-route'
import { MAX_CONCURRENT_FLOWS } from '../src/binding-cookie'
import { handleCallbackRequest } from '../src/callback-route'
import { handleConnectionRequest } from '../src/connection-route'
import { handleLoginRequest } from '../src/login-route'
import type { RouteAnswer } from '../src/route-answer'
import { connectInstance, INSTANCE, setUpMockedClient, type TestSetup } from './support/mock-setup'

function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return { method, url, headers }
}

function header(answer: RouteAnswer, name: string): string | undefined {
  return answer.headers.find(([candidate]) => candidate === name)?.[1]
}

function setCookies(answer: RouteAnswer): string[] {
  return answer.headers.filter(([name]) => name === 'set-cookie').map(([, value]) => value)
}

/** `name=value` of the cookie a login answer set (the last Set-Cookie). */
function cookiePair(answer: RouteAnswer): string {
  return (setCookies(answer).at(-1) ?? '').split(';')[0] as string
}

async function login(setup: TestSetup, query: string, cookie = ''): Promise<RouteAnswer> {
  return handleLoginRequest(setup.rw, get(`/auth/rw/login?${query}`, cookie === '' ? {} : { cookie }))
}

async function consent(setup: TestSetup, answer: RouteAnswer): Promise<string> {
  const callback = await consentAtMock(setup.mock, header(answer, 'location') ?? '', {
    instanceKey: INSTANCE,
    scopes: ['basic'],
  })
  return `${callback.pathname}${callback.search}`
}

function expectPolicyHeaders(answer: RouteAnswer): void {
  expect(header(answer, 'cache-control')).toBe('no-store')
  expect(header(answer, 'x-content-type-options')).toBe('nosniff')
}

describe('route handlers: one answer type carrying the whole HTTP policy', () => {
  it('login sets a per-flow binding cookie; the callback reads it, connects, clears it and redirects', async () => {
    const setup = setUpMockedClient()
    const started = await login(setup, `instance=${INSTANCE}&returnTo=/after`)
    expect(started.status).toBe(302)
    expectPolicyHeaders(started)
    expect(setCookies(started)).toHaveLength(1)
    expect(setCookies(started)[0]).toMatch(
      /^rw-oauth-binding-[\w-]{16}=[\w-]{22,}; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/,
    )
    const callback = await handleCallbackRequest(
      setup.rw,
      get(await consent(setup, started), { cookie: `other=1; ${cookiePair(started)}` }),
    )
    expect(callback.status).toBe(302)
    expect(header(callback, 'location')).toBe('/after')
    expectPolicyHeaders(callback)
    expect(setCookies(callback)).toEqual([
      `${cookiePair(started).split('=')[0]}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`,
    ])
    expect(await setup.rw.getConnection(INSTANCE)).toMatchObject({ status: 'active' })
  })

  it.each([
    ['instance', `instance=${INSTANCE}&instance=other`],
    ['returnTo', `instance=${INSTANCE}&returnTo=/a&returnTo=//evil.example`],
  ])('refuses a repeated %s parameter with a 400 and no cookie', async (_name, query) => {
    const setup = setUpMockedClient()
    const answer = await login(setup, query)
    expect(answer.status).toBe(400)
    expect(setCookies(answer)).toEqual([])
    expect(header(answer, 'location')).toBeUndefined()
    expectPolicyHeaders(answer)
  })

  it('answers HEAD on login and callback with 405 and consumes nothing', async () => {
    const setup = setUpMockedClient()
    const head = await handleLoginRequest(setup.rw, get(`/auth/rw/login?instance=${INSTANCE}`, {}, 'HEAD'))
    expect([head.status, header(head, 'allow'), setCookies(head)]).toEqual([405, 'GET', []])
    const started = await login(setup, `instance=${INSTANCE}`)
    const callbackPath = await consent(setup, started)
    const probe = await handleCallbackRequest(setup.rw, get(callbackPath, { cookie: cookiePair(started) }, 'HEAD'))
    expect(probe.status).toBe(405)
    expect(setup.mock.counters.tokenRequests).toBe(0)
    const real = await handleCallbackRequest(setup.rw, get(callbackPath, { cookie: cookiePair(started) }))
    expect(real.status).toBe(302)
    expect(setup.mock.counters.tokenRequests).toBe(1)
  })

  it('keeps two flows of one browser apart: the second login does not break the first', async () => {
    const setup = setUpMockedClient()
    const first = await login(setup, `instance=${INSTANCE}&returnTo=/first`)
    const second = await login(setup, `instance=${INSTANCE}&returnTo=/second`, cookiePair(first))
    expect(setCookies(second)).toHaveLength(1)
    const jar = `${cookiePair(first)}; ${cookiePair(second)}`
    const firstCallback = await handleCallbackRequest(setup.rw, get(await consent(setup, first), { cookie: jar }))
    expect(header(firstCallback, 'location')).toBe('/first')
    const secondCallback = await handleCallbackRequest(setup.rw, get(await consent(setup, second), { cookie: jar }))
    expect(header(secondCallback, 'location')).toBe('/second')
  })

  it(`bounds the flows of one browser to ${MAX_CONCURRENT_FLOWS}: the oldest cookies are cleared`, async () => {
    const setup = setUpMockedClient()
    const jar: string[] = []
    for (let index = 0; index < MAX_CONCURRENT_FLOWS; index++) {
      jar.push(cookiePair(await login(setup, `instance=${INSTANCE}`, jar.join('; '))))
    }
    const next = await login(setup, `instance=${INSTANCE}`, jar.join('; '))
    const cleared = setCookies(next).filter((value) => value.includes('Max-Age=0'))
    expect(cleared).toEqual([`${(jar[0] as string).split('=')[0]}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`])
  })

  it('a callback without the cookie answers the error page and clears the flow cookie', async () => {
    const setup = setUpMockedClient()
    const started = await login(setup, `instance=${INSTANCE}`)
    const answer = await handleCallbackRequest(setup.rw, get(await consent(setup, started)))
    expect(answer.status).toBe(400)
    expect(header(answer, 'content-type')).toMatch(/^text\/html/)
    expectPolicyHeaders(answer)
    expect(setCookies(answer)).toEqual([
      `${cookiePair(started).split('=')[0]}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`,
    ])
  })

  it('answers JSON clients with the one JSON error shape', async () => {
    const setup = setUpMockedClient()
    const answer = await handleCallbackRequest(
      setup.rw,
      get('/auth/rw/callback?code=x', { accept: 'application/json' }),
    )
    expect(answer.status).toBe(400)
    expect(JSON.parse(String(answer.body))).toEqual({
      error: 'state_missing',
      message: expect.any(String),
      reconnect: true,
    })
  })

  it('redirects to a non-Latin-1 returnTo percent-encoded', async () => {
    const setup = setUpMockedClient()
    const started = await login(setup, `instance=${INSTANCE}&returnTo=${encodeURIComponent('/漢字?q=ü')}`)
    const callback = await handleCallbackRequest(
      setup.rw,
      get(await consent(setup, started), { cookie: cookiePair(started) }),
    )
    expect(header(callback, 'location')).toBe('/%E6%BC%A2%E5%AD%97?q=%C3%BC')
  })

  it('never shows the configured token endpoint URL on the page; logs it instead', async () => {
    const port = await findClosedPort()
    const setup = setUpMockedClient({
      endpoints: { token: `http://127.0.0.1:${port}/token-secret-path`, refresh: `http://127.0.0.1:${port}/r` },
    })
    const started = await login(setup, `instance=${INSTANCE}`)
    const state = new URL(header(started, 'location') ?? '').searchParams.get('state') ?? ''
    const logged: string[] = []
    const logger = { debug() {}, warn() {}, error: (message: string) => void logged.push(message) }
    const answer = await handleCallbackRequest(
      setup.rw,
      get(`/auth/rw/callback?code=c&state=${state}`, { cookie: cookiePair(started) }),
      { logger },
    )
    expect(answer.status).toBeGreaterThanOrEqual(500)
    expect(String(answer.body)).not.toContain('token-secret-path')
    expect(String(answer.body)).not.toContain(`127.0.0.1:${port}`)
    expect(logged.join('\n')).toContain('token-secret-path')
  })

  it('never shows the configured API URL in the proxy JSON when the API is unreachable', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const port = await findClosedPort()
    const { token, refresh, authorize } = setup.rw.config.endpoints
    const peer = setup.createPeer({
      endpoints: { token, refresh, authorize, api: `http://127.0.0.1:${port}/api-secret-base` },
    })
    const logged: string[] = []
    const logger = { debug() {}, warn() {}, error: (message: string) => void logged.push(message) }
    const answer = await handleApiProxyRequest(peer, get('/x'), INSTANCE, 'instance', { logger })
    expect(answer.status).toBe(502)
    expect(JSON.parse(String(answer.body))).toMatchObject({ error: 'api_request_failed', reconnect: false })
    expect(String(answer.body)).not.toContain('api-secret-base')
    expect(String(answer.body)).not.toContain(String(port))
    expect(logged.join('\n')).toContain('api-secret-base')
  })

  it('connection JSON and proxy answers carry no-store and nosniff; proxied HTML gets a script-free CSP', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const connection = await handleConnectionRequest(setup.rw, get(`/connections/${INSTANCE}`), INSTANCE)
    expect(connection.status).toBe(200)
    expectPolicyHeaders(connection)
    const proxied = await handleApiProxyRequest(
      setup.rw,
      get(`/connections/${INSTANCE}/api/instance`),
      INSTANCE,
      'instance',
    )
    expect(proxied.status).toBe(200)
    expectPolicyHeaders(proxied)
    expect(header(proxied, 'content-security-policy')).toMatch(/default-src 'none'.*sandbox/)
    const refused = await handleApiProxyRequest(setup.rw, get('/x'), INSTANCE, '../secret')
    expect(refused.status).toBe(400)
    expect(JSON.parse(String(refused.body))).toMatchObject({ error: 'usage_invalid', reconnect: false })
  })
})

async function findClosedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
