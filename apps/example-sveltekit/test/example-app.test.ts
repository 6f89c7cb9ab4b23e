import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { buildExampleApp, type RunningExampleApp, startExampleApp } from './support/start-example-app'

const INSTANCE = 'desert-broadcasters'

// The example as a user runs it: built by vite (SvelteKit 3, adapter-node), `node serve.js`, embedded mock on a loopback port.
let app: RunningExampleApp

beforeAll(async () => {
  await buildExampleApp()
  app = await startExampleApp()
}, 120_000)

afterAll(async () => {
  await app?.stop()
})

function request(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(path, app.origin.replace('localhost', '127.0.0.1')), { ...init, redirect: 'manual' })
}

describe('example-sveltekit', () => {
  it('serves the connect form with its stable ids', async () => {
    const html = await (await request('/')).text()
    expect(html).toMatch(/<form id="connect-form" method="get" action="\/auth\/rw\/login">/)
    expect(html).toContain('id="instance"')
    expect(html).toContain('id="connect-button"')
    expect(app.output()).toContain('embedded-mock')
  })

  it('connects an instance through the mock consent page and shows it, its JSON and its API', async () => {
    const login = await request(
      `/auth/rw/login?instance=${INSTANCE}&returnTo=${encodeURIComponent(`/?instance=${INSTANCE}`)}`,
    )
    expect(login.status).toBe(302)
    const authorizeUrl = new URL(login.headers.get('location') ?? '')
    expect(authorizeUrl.hostname).toBe('127.0.0.1')
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${app.origin}/auth/rw/callback`)
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

    const consentPage = await (await fetch(authorizeUrl)).text()
    const requestId = /name="request_id" value="([^"]+)"/.exec(consentPage)?.[1] ?? ''
    const consent = await fetch(new URL('/app/listeners/authorize', authorizeUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        request_id: requestId,
        instance: INSTANCE,
        user: 'normal',
        scope: 'basic',
        action: 'approve',
      }),
      redirect: 'manual',
    })
    const callbackUrl = new URL(consent.headers.get('location') ?? '')
    expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(`${app.origin}/auth/rw/callback`)

    const callback = await request(`${callbackUrl.pathname}${callbackUrl.search}`, { headers: { cookie } })
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe(`/?instance=${INSTANCE}`)

    const page = await (await request(`/?instance=${INSTANCE}`)).text()
    expect(page).toMatch(/<dd id="connection-status">active<\/dd>/)
    expect(page).toMatch(/<dd id="connection-name">Desert Broadcasters<\/dd>/)

    const connection = await request(`/connections/${INSTANCE}`)
    expect(await connection.json()).toMatchObject({ instanceKey: INSTANCE, status: 'active', scopes: ['basic'] })
    const api = await request(`/connections/${INSTANCE}/api/instance`)
    expect(await api.json()).toMatchObject({ key: INSTANCE, name: 'Desert Broadcasters' })
  })

  it('answers 404 JSON for an instance that is not connected', async () => {
    const response = await request('/connections/coastal-fm')
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: 'not_connected' })
  })
})

describe('example-sveltekit with REDIS_URL', () => {
  it('exits on SIGTERM: the store and its pub/sub connection are closed on shutdown', async () => {
    const prefix = `rw:example-sveltekit-test:${crypto.randomUUID()}:`
    const withRedis = await startExampleApp({ REDIS_URL: 'redis://127.0.0.1:6379', RW_REDIS_PREFIX: prefix })
    onTestFinished(() => withRedis.kill())
    expect(withRedis.output()).toContain('Redis, UNENCRYPTED (set RW_TOKEN_KEY or RW_TOKEN_KEYS)')
    // Before the fix the process never exited: this awaits the exit itself, not a timer.
    expect(await withRedis.stop()).toBe(0)
  })
})
