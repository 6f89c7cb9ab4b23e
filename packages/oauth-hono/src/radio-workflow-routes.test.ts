import { ReauthorizationRequiredError } from '@rw/oauth-core'
import { consentAtMock } from '@rw/oauth-testing'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createTestClient } from '../test/support/connect-instance'
import { createRadioWorkflowErrorHandler } from './radio-workflow-error-handler'
import { radioWorkflowRoutes } from './radio-workflow-routes'

describe('radioWorkflowRoutes', () => {
  it('mounts under any prefix and connects through the configured redirect URI', async () => {
    const client = createTestClient('http://localhost:3000/connect/radio/callback')
    const connected: string[] = []
    const app = new Hono().route(
      '/connect/radio',
      radioWorkflowRoutes({ rw: client.rw, onConnected: (_c, { instanceKey }) => void connected.push(instanceKey) }),
    )

    const login = await app.request('/connect/radio/login?instance=coastal-fm&returnTo=/home')
    expect(login.status).toBe(302)
    const authorizeUrl = login.headers.get('location') ?? ''
    const callback = await consentAtMock(client.mock, authorizeUrl, { instanceKey: 'coastal-fm', scopes: ['basic'] })
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
    const done = await app.request(`${callback.pathname}${callback.search}`, { headers: { cookie } })

    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/home')
    expect(await client.rw.getConnection('coastal-fm')).toMatchObject({ status: 'active' })
    expect(connected).toEqual(['coastal-fm'])
  })

  it('requests the scopes resolveScopes returns, and the configured ones by default', async () => {
    const { rw } = createTestClient()
    const scoped = new Hono().route(
      '/auth/rw',
      radioWorkflowRoutes({ rw, resolveScopes: (c) => c.req.queries('scope') }),
    )
    const plain = new Hono().route('/auth/rw', radioWorkflowRoutes({ rw }))

    const readScope = async (app: Hono, path: string) =>
      new URL((await app.request(path)).headers.get('location') ?? '').searchParams.get('scope')

    expect(await readScope(scoped, '/auth/rw/login?instance=x&scope=basic&scope=edit-logs')).toBe('basic edit-logs')
    expect(await readScope(plain, '/auth/rw/login?instance=x&scope=edit-logs')).toBe('basic')
  })

  it('answers a login without an instance with a 400 page and no cookie', async () => {
    const { rw } = createTestClient()
    const app = new Hono().route('/auth/rw', radioWorkflowRoutes({ rw }))

    const response = await app.request('/auth/rw/login')

    expect(response.status).toBe(400)
    expect(response.headers.getSetCookie()).toEqual([])
    expect(await response.text()).toContain('Choose the instance to connect')
  })

  it('refuses HEAD on the callback without consuming the state (Hono answers HEAD through GET routes)', async () => {
    const client = createTestClient()
    const app = new Hono().route('/auth/rw', radioWorkflowRoutes({ rw: client.rw }))
    const login = await app.request('/auth/rw/login?instance=coastal-fm')
    const callback = await consentAtMock(client.mock, login.headers.get('location') ?? '', {
      instanceKey: 'coastal-fm',
      scopes: ['basic'],
    })
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
    const path = `${callback.pathname}${callback.search}`

    const head = await app.request(path, { method: 'HEAD', headers: { cookie } })
    expect(head.status).toBe(405)
    expect(client.mock.counters.tokenRequests).toBe(0)
    expect((await app.request(path, { headers: { cookie } })).status).toBe(302)
  })

  it('validates its options once, when the factory runs', () => {
    const { rw } = createTestClient()
    expect(() => radioWorkflowRoutes({ rw: undefined as never })).toThrow(expect.objectContaining({ field: 'rw' }))
    expect(() => radioWorkflowRoutes({ rw, onConnected: 'page' as never })).toThrow(
      expect.objectContaining({ field: 'onConnected' }),
    )
  })
})

describe('createRadioWorkflowErrorHandler', () => {
  it('offers a reconnect link for reauthorization_required in app routes, without touching cookies', async () => {
    const { rw } = createTestClient()
    const answerError = createRadioWorkflowErrorHandler({
      rw,
      reconnectUrl: (instanceKey) => (instanceKey === undefined ? '/' : `/auth/rw/login?instance=${instanceKey}`),
    })
    const app = new Hono()
      .get('/logs', () => {
        throw new ReauthorizationRequiredError('desert-broadcasters')
      })
      .onError((error, c) => answerError(error, c))

    const response = await app.request('/logs')
    const html = await response.text()

    expect(response.status).toBe(401)
    expect(response.headers.getSetCookie()).toEqual([])
    expect(html).toContain('href="/auth/rw/login?instance=desert-broadcasters"')
    expect(html).toContain('Reconnect required')
  })

  it('hides unexpected errors behind a generic 500 page', async () => {
    const { rw } = createTestClient()
    const answerError = createRadioWorkflowErrorHandler({ rw })
    const app = new Hono()
      .get('/', () => {
        throw new Error('database password is hunter2')
      })
      .onError((error, c) => answerError(error, c))

    const response = await app.request('/')
    const html = await response.text()

    expect(response.status).toBe(500)
    expect(html).not.toContain('hunter2')
    expect(html).not.toMatch(/\n\s+at /)
  })

  it('mounts GET /health only when asked', async () => {
    const { rw } = createTestClient()
    const plain = new Hono().route('/auth/rw', radioWorkflowRoutes({ rw }))
    const withHealth = new Hono().route('/auth/rw', radioWorkflowRoutes({ rw, health: true }))

    expect((await plain.request('/auth/rw/health')).status).toBe(404)
    const response = await withHealth.request('/auth/rw/health')
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toMatchObject({ store: { reachable: true } })
  })
})
