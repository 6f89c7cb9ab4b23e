import { createMockSetup, type MockSetup } from '@rw/oauth-testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RadioWorkflowModule } from '../src/index'
import { connectInstance } from './support/connect-instance'
import { createTestAppModule, type StartedNestApp, startNestApp } from './support/start-nest-app'
import { readTenantHeader, StationsModule } from './support/stations.module'

describe('@RadioWorkflowInstance()', () => {
  let setup: MockSetup
  let app: StartedNestApp

  beforeEach(async () => {
    setup = createMockSetup()
    const radioWorkflowModule = RadioWorkflowModule.forRoot({
      ...setup.clientOptions,
      resolveInstanceKey: readTenantHeader,
    })
    app = await startNestApp(createTestAppModule(radioWorkflowModule, StationsModule))
  })
  afterEach(() => app.close())

  it('gives a handle for the instance resolveInstanceKey picks, for login and for route handlers alike', async () => {
    const tenant = { 'x-tenant': 'coastal-fm' }
    const callback = await connectInstance(
      app,
      setup.mock,
      { loginPath: '/auth/rw/login', instanceKey: 'coastal-fm' },
      tenant,
    )
    expect(callback.status).toBe(302)

    const current = await app.request('/stations/current', { headers: tenant })
    expect(current.status).toBe(200)
    expect(await current.json()).toMatchObject({ instanceKey: 'coastal-fm', api: { key: 'coastal-fm' } })

    const connection = await app.request('/stations/connection', { headers: tenant })
    expect(await connection.json()).toMatchObject({ instanceKey: 'coastal-fm', status: 'active' })
    const other = await app.request('/stations/connection', { headers: { 'x-tenant': 'mountain-radio' } })
    expect(other.status).toBe(409)
  })

  it('answers an instance that is not connected with a page that links to the login route', async () => {
    const response = await app.request('/stations/current', { headers: { 'x-tenant': 'mountain-radio' } })
    expect(response.status).toBe(409)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await response.text()).toContain('href="/auth/rw/login?instance=mountain-radio"')
  })

  it('refuses a request whose instance cannot be resolved, before any handler runs', async () => {
    const response = await app.request('/stations/current', { headers: { accept: 'application/json' } })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'usage_invalid', reconnect: false })
  })

  it('offers a reconnect URL as JSON when the grant was revoked', async () => {
    const tenant = { 'x-tenant': 'desert-broadcasters' }
    await connectInstance(app, setup.mock, { loginPath: '/auth/rw/login', instanceKey: 'desert-broadcasters' }, tenant)
    setup.mock.revokeGrant('desert-broadcasters')

    const response = await app.request('/stations/current', { headers: { ...tenant, accept: 'application/json' } })
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({
      error: 'reauthorization_required',
      message: expect.stringContaining('connect the instance again'),
      reconnect: true,
      reconnectUrl: '/auth/rw/login?instance=desert-broadcasters',
    })
  })
})
