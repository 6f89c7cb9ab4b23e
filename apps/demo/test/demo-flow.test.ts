import { MOCK_PARTNER_SECRET } from '@rw/oauth-testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { type DemoSession, startDemoSession, submitConsent } from './support/demo-session'

const KEY = 'desert-broadcasters'

let session: DemoSession
beforeEach(async () => {
  session = await startDemoSession()
})

async function login(query: string): Promise<string> {
  const response = await session.browse(`/auth/rw/login?${query}`)
  expect(response.status).toBe(302)
  return response.headers.get('location') ?? ''
}

async function connect(scopes = ['basic']): Promise<void> {
  const authorizeUrl = await login(`instance=${KEY}&${scopes.map((scope) => `scope=${scope}`).join('&')}&returnTo=/`)
  const callback = await session.browse(await submitConsent(session.mock, authorizeUrl, { instance: KEY, scopes }))
  expect(callback.status).toBe(302)
}

async function listConnections(query = ''): Promise<{
  now: number
  connections: Record<string, unknown>[]
  cursor: string | null
  counts: Record<string, number>
  breaker: string
}> {
  const response = await session.browse(`/connections${query}`)
  expect(response.status).toBe(200)
  return response.json()
}

function post(path: string, headers: Record<string, string>): Promise<Response> {
  return session.browse(path, { method: 'POST', headers })
}

describe('demo app', () => {
  it('serves the dashboard with the documented element ids', async () => {
    const page = await (await session.browse('/')).text()
    const ids = ['connect-form', 'instance', 'connect-button', 'connections', 'api-result', 'scope-dubbed']
    for (const id of [...ids, 'status-filter', 'connection-counts']) {
      expect(page).toContain(`id="${id}"`)
    }
    expect(page).toContain('<option value="desert-broadcasters">Desert Broadcasters</option>')
    const script = await session.browse('/dashboard.js')
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(await script.text()).toContain("fetch('/connections?'")
  })

  it('connects through the consent page, lists the connection, calls the API, refreshes and disconnects', async () => {
    const authorizeUrl = await login(`instance=${KEY}&scope=basic&scope=dubbed&returnTo=/`)
    expect(new URL(authorizeUrl).searchParams.get('scope')).toBe('basic dubbed')
    const callbackPath = await submitConsent(session.mock, authorizeUrl, {
      instance: KEY,
      user: 'super',
      scopes: ['basic', 'dubbed'],
    })
    const callback = await session.browse(callbackPath)
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/')

    const listed = await listConnections()
    expect(listed.connections).toEqual([
      expect.objectContaining({
        instanceKey: KEY,
        status: 'active',
        expiry: 'fresh',
        version: 1,
        scopes: ['basic', 'dubbed'],
      }),
    ])
    expect((listed.connections[0]?.expiresAt as number) - listed.now).toBeGreaterThan(3500_000)
    expect(listed).toMatchObject({ cursor: null, counts: { active: 1 } })
    const listText = JSON.stringify(listed)
    for (const issued of session.mock.issued()) expect(listText).not.toContain(issued.value)

    const api = await session.browse(`/connections/${KEY}/api/instance`)
    expect(await api.json()).toMatchObject({ key: KEY, scopes: ['basic', 'dubbed'] })

    const refreshed = await post(`/connections/${KEY}/refresh`, { origin: session.origin })
    expect(refreshed.status).toBe(200)
    // A refresh writes two versions: its write-ahead marker, then the new pair (DESIGN.md rule 8).
    expect(await refreshed.json()).toMatchObject({ connection: { version: 3, lastRefreshAt: expect.any(Number) } })
    expect(session.mock.counters.refreshSuccesses).toBe(1)
    expect((await listConnections()).connections[0]).toMatchObject({ version: 3 })

    const disconnected = await post(`/connections/${KEY}/disconnect`, { 'sec-fetch-site': 'same-origin' })
    expect(await disconnected.json()).toEqual({ disconnected: true })
    expect((await listConnections()).connections).toEqual([])
    expect((await session.browse(`/connections/${KEY}`)).status).toBe(404)
  })

  it('shows only basic when a normal user is asked for dubbed (only a Super User can grant it)', async () => {
    const authorizeUrl = await login(`instance=${KEY}&scope=basic&scope=dubbed`)
    const callbackPath = await submitConsent(session.mock, authorizeUrl, {
      instance: KEY,
      user: 'normal',
      scopes: ['basic', 'dubbed'],
    })
    expect((await session.browse(callbackPath)).status).toBe(302)
    expect((await listConnections()).connections[0]).toMatchObject({ scopes: ['basic'] })
  })

  it('refuses cross-site POSTs (CSRF) and leaves the connection untouched', async () => {
    await connect()
    const attempts: Record<string, string>[] = [
      {},
      { origin: 'http://evil.example' },
      { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', host: 'localhost:3000' },
    ]
    for (const headers of attempts) {
      expect((await post(`/connections/${KEY}/refresh`, headers)).status).toBe(403)
      expect((await post(`/connections/${KEY}/disconnect`, headers)).status).toBe(403)
    }
    expect(session.mock.counters.refreshRequests).toBe(0)
    expect((await listConnections()).connections).toHaveLength(1)
  })

  it('shows denied consent as a page with a way back, without stack, token or secret', async () => {
    const authorizeUrl = await login(`instance=${KEY}`)
    const callbackPath = await submitConsent(session.mock, authorizeUrl, {
      instance: KEY,
      scopes: ['basic'],
      action: 'deny',
    })
    const response = await session.browse(callbackPath)
    const html = await response.text()
    expect(response.status).toBe(400)
    expect(html).toContain('Authorization was not granted')
    expect(html).toContain('href="/"')
    expect(html).not.toMatch(/\n\s+at /)
    expect(html).not.toContain(MOCK_PARTNER_SECRET)
    expect((await listConnections()).connections).toEqual([])
  })

  it('shows an expired sign-in as a page', async () => {
    const authorizeUrl = await login(`instance=${KEY}`)
    const callbackPath = await submitConsent(session.mock, authorizeUrl, { instance: KEY, scopes: ['basic'] })
    session.advanceClock(11 * 60 * 1000)
    const response = await session.browse(callbackPath)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Authorization expired')
    expect(session.mock.counters.tokenRequests).toBe(0)
  })

  it('reports reauthorization required with a reconnect hint when the grant is revoked', async () => {
    await connect()
    session.mock.revokeGrant(KEY)

    const refresh = await post(`/connections/${KEY}/refresh`, { origin: session.origin })
    expect(refresh.status).toBe(401)
    const body = await refresh.json()
    expect(body).toMatchObject({ error: 'reauthorization_required', reconnect: true })
    expect(JSON.stringify(body)).not.toContain(MOCK_PARTNER_SECRET)
    expect((await listConnections()).connections[0]).toMatchObject({ status: 'reauthorization_required' })
    const filtered = await listConnections('?status=reauthorization_required')
    expect(filtered.connections.map((connection) => connection.instanceKey)).toEqual([KEY])
    expect(filtered.counts).toEqual({ active: 0, refresh_outcome_unknown: 0, reauthorization_required: 1 })
    expect((await listConnections('?status=active')).connections).toEqual([])
    const refused = await session.browse('/connections?status=refreshing')
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ error: 'usage_invalid', message: expect.stringContaining('status') })

    const api = await session.browse(`/connections/${KEY}/api/instance`)
    expect(api.status).toBe(401)
    expect(await api.json()).toMatchObject({ error: 'reauthorization_required', reconnect: true })

    await connect()
    expect((await listConnections()).connections[0]).toMatchObject({ status: 'active' })
  })

  it('lists a connection that is backing off after a failed refresh, and the circuit state', async () => {
    await connect()
    session.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 503, endpoint: 'refresh' })
    const refresh = await post(`/connections/${KEY}/refresh`, { origin: session.origin })
    expect(refresh.status).toBeGreaterThanOrEqual(500)
    const listed = await listConnections()
    expect(listed.breaker).toBe('closed')
    expect(listed.connections[0]).toMatchObject({
      status: 'active',
      refreshBackoff: { failures: 1, lastCode: 'token_response_invalid', nextAttemptAt: expect.any(Number) },
    })
  })

  it('answers unknown paths with a plain 404 page', async () => {
    const response = await session.browse('/nope')
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('Back to the dashboard')
  })
})
