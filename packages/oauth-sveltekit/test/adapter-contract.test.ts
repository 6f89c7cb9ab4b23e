import type { RequestListener } from 'node:http'
import { consentAtMock, createMockSetup } from '@rw/oauth-testing'
import { describeAdapterContract, serveOnLoopback } from '@rw/oauth-testing/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BuiltFixtureApp, buildFixtureApp } from './support/build-fixture-app'

// One vite + adapter-node build of test/fixture-app per file; every test serves it on its own loopback port.
let app: BuiltFixtureApp

beforeAll(async () => {
  app = await buildFixtureApp()
}, 120_000)

afterAll(async () => {
  await app?.remove()
})

describeAdapterContract('sveltekit', async ({ rwOptions }) => {
  app.registerOptions(rwOptions)
  return serveOnLoopback(app.handler as RequestListener)
})

describe('sveltekit built app', () => {
  it('composes with sequence and gives routes locals.rw for the current instance', async () => {
    const { mock, clientOptions } = createMockSetup()
    app.registerOptions(clientOptions)
    const server = await serveOnLoopback(app.handler as RequestListener)
    try {
      const login = await server.request('/auth/rw/login?instance=coastal-fm')
      const authorizeUrl = login.headers.get('location') ?? ''
      const callbackUrl = await consentAtMock(mock, authorizeUrl, { instanceKey: 'coastal-fm', scopes: ['basic'] })
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      const callback = await server.request(`${callbackUrl.pathname}${callbackUrl.search}`, { headers: { cookie } })
      expect(callback.status).toBe(302)

      const current = await server.request('/current?instance=coastal-fm')
      expect(current.headers.get('x-fixture-sequence')).toBe('after-rw')
      expect(await current.json()).toMatchObject({ instanceKey: 'coastal-fm', api: { key: 'coastal-fm' } })
    } finally {
      await server.close?.()
    }
  })
})
