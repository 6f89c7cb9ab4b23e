import { createRadioWorkflow } from '@rw/oauth-client'
import { ConfigurationError } from '@rw/oauth-core'
import { createMockSetup } from '@rw/oauth-testing'
import { afterEach, describe, expect, it } from 'vitest'
import { RADIO_WORKFLOW_CLIENT, RadioWorkflowModule, RadioWorkflowService } from '../src/index'
import { connectInstance } from './support/connect-instance'
import { createTestAppModule, type StartedNestApp, startNestApp } from './support/start-nest-app'
import { readTenantHeader, StationsModule } from './support/stations.module'

describe('RadioWorkflowModule options', () => {
  let app: StartedNestApp | undefined
  afterEach(async () => {
    await app?.close()
    app = undefined
  })

  it('mounts the routes under a custom prefix and links reconnects there', async () => {
    const { mock, clientOptions } = createMockSetup({ redirectUris: ['http://localhost:3000/partners/rw/callback'] })
    const radioWorkflowModule = RadioWorkflowModule.forRoot({
      ...clientOptions,
      resolveInstanceKey: readTenantHeader,
      routes: { prefix: '/partners/rw/' },
    })
    app = await startNestApp(createTestAppModule(radioWorkflowModule, StationsModule))
    const tenant = { 'x-tenant': 'coastal-fm' }
    expect((await app.request('/auth/rw/login', { headers: tenant })).status).toBe(404)

    const notConnected = await app.request('/stations/current', { headers: { ...tenant, accept: 'application/json' } })
    expect(await notConnected.json()).toMatchObject({ reconnectUrl: '/partners/rw/login?instance=coastal-fm' })

    const loginPath = '/partners/rw/login?returnTo=/home'
    const callback = await connectInstance(app, mock, { loginPath, instanceKey: 'coastal-fm' }, tenant)
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/home')
    expect((await app.request('/connections/coastal-fm')).status).toBe(200)
    const service = app.app.get(RadioWorkflowService)
    expect(await service.listConnections()).toEqual({
      connections: [expect.objectContaining({ instanceKey: 'coastal-fm', status: 'active' })],
      cursor: null,
    })
    expect(await service.countConnections()).toMatchObject({ active: 1 })
  })

  it('links reconnects to /login, on this origin, when the routes are mounted at the root', async () => {
    const { clientOptions } = createMockSetup({ redirectUris: ['http://localhost:3000/callback'] })
    const radioWorkflowModule = RadioWorkflowModule.forRoot({
      ...clientOptions,
      resolveInstanceKey: readTenantHeader,
      routes: { prefix: '/' },
    })
    app = await startNestApp(createTestAppModule(radioWorkflowModule, StationsModule))
    const notConnected = await app.request('/stations/current', { headers: { 'x-tenant': 'coastal-fm' } })
    const html = await notConnected.text()
    expect(html).toContain('href="/login?instance=coastal-fm"')
    expect(html).not.toContain('href="//')
  })

  it('refuses to boot when the callback route is not the redirect URI', async () => {
    const { clientOptions } = createMockSetup({ redirectUris: ['http://localhost:3000/oauth/callback'] })
    const booting = startNestApp(createTestAppModule(RadioWorkflowModule.forRoot(clientOptions)))
    await expect(booting).rejects.toMatchObject({ code: 'configuration_invalid', field: 'routes.prefix' })
    await expect(booting).rejects.toThrow(/\/auth\/rw\/callback but.*\/oauth\/callback/)
  })

  it('mounts no routes with routes: false, and the service still works', async () => {
    const { clientOptions } = createMockSetup()
    app = await startNestApp(createTestAppModule(RadioWorkflowModule.forRoot({ ...clientOptions, routes: false })))
    expect((await app.request('/auth/rw/login?instance=coastal-fm')).status).toBe(404)
    const started = await app.app.get(RadioWorkflowService).client.startAuthorization({ instanceKey: 'coastal-fm' })
    expect(new URL(started.url).searchParams.get('client_id')).toBe(clientOptions.partnerKey)
  })

  it('mounts GET <prefix>/health only with routes: { health: true }', async () => {
    const { clientOptions } = createMockSetup()
    app = await startNestApp(createTestAppModule(RadioWorkflowModule.forRoot({ ...clientOptions })))
    expect((await app.request('/auth/rw/health')).status).toBe(404)
    await app.close()

    const routes = { health: true }
    app = await startNestApp(createTestAppModule(RadioWorkflowModule.forRoot({ ...clientOptions, routes })))
    const response = await app.request('/auth/rw/health')
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await response.json()).toMatchObject({ store: { reachable: true } })
  })

  it('uses a client you created yourself', async () => {
    const rw = createRadioWorkflow(createMockSetup().clientOptions)
    app = await startNestApp(createTestAppModule(RadioWorkflowModule.forRoot({ rw })))
    expect(app.app.get(RadioWorkflowService).client).toBe(rw)
    expect(app.app.get(RADIO_WORKFLOW_CLIENT)).toBe(rw)
  })

  it('refuses to boot with invalid client configuration, naming the field', async () => {
    const { endpoints, ...rwOptions } = createMockSetup().clientOptions
    const withoutRefresh = { ...rwOptions, endpoints: { ...endpoints, refresh: '' } }
    const booting = startNestApp(
      createTestAppModule(RadioWorkflowModule.forRootAsync({ useFactory: () => withoutRefresh })),
    )
    await expect(booting).rejects.toBeInstanceOf(ConfigurationError)
    await expect(booting).rejects.toThrow(/refresh/)
  })

  it('refuses a value for rw that is not a client', async () => {
    const booting = startNestApp(createTestAppModule(RadioWorkflowModule.forRoot({ rw: {} as never })))
    await expect(booting).rejects.toMatchObject({ code: 'configuration_invalid', field: 'rw' })
  })

  it('refuses a route prefix that is not a string when the module is declared', () => {
    const declare = () =>
      RadioWorkflowModule.forRoot({ ...createMockSetup().clientOptions, routes: { prefix: 7 as never } })
    expect(declare).toThrow(ConfigurationError)
    expect(declare).toThrow(/routes\.prefix/)
  })
})
