import { consentAtMock, createMockSetup, MOCK_DEFAULT_INSTANCES, type MockRadioWorkflow } from '@rw/oauth-testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listenExample } from './support/listen-example'

let mock: MockRadioWorkflow
let app: Awaited<ReturnType<typeof listenExample>>

beforeEach(async () => {
  const setup = createMockSetup()
  mock = setup.mock
  app = await listenExample(setup.clientOptions, { suggestedInstances: MOCK_DEFAULT_INSTANCES })
})
afterEach(() => app.close())

/** Submits the home page's connect form like a browser, consents at the mock and follows the callback. */
async function connectThroughForm(instanceKey: string, consentedInstance = instanceKey): Promise<Response> {
  const home = await (await app.request('/')).text()
  const action = /<form id="connect-form" method="get" action="([^"]+)"/.exec(home)?.[1] ?? ''
  const returnTo = /name="returnTo" value="([^"]+)"/.exec(home)?.[1] ?? ''
  const login = await app.request(`${action}?${new URLSearchParams({ instance: instanceKey, returnTo })}`)
  expect(login.status).toBe(302)
  const authorizeUrl = login.headers.get('location') ?? ''
  const callback = await consentAtMock(mock, authorizeUrl, { instanceKey: consentedInstance, scopes: ['basic'] })
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  return app.request(`${callback.pathname}${callback.search}`, { headers: { cookie } })
}

describe('example-nestjs', () => {
  it('serves a home page with the documented element ids and the suggested instances', async () => {
    const response = await app.request('/')
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const page = await response.text()
    for (const id of [
      'connect-form',
      'instance',
      'connect-button',
      'connections',
      'no-connections',
      'connection-counts',
    ]) {
      expect(page).toContain(`id="${id}"`)
    }
    expect(page).toContain('<option value="coastal-fm">Coastal FM</option>')
  })

  it('connects through the form, lands on the home page listing the connection, and calls the API', async () => {
    const callback = await connectThroughForm('coastal-fm')
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/')

    const page = await (await app.request('/')).text()
    expect(page).not.toContain('id="no-connections"')
    expect(page).toMatch(/<li data-instance-key="coastal-fm">.*<span class="connection-status">active<\/span>/s)
    expect(page).toContain('1 active · 0 refresh outcome unknown · 0 reauthorization required')

    const logs = await app.request('/broadcast-logs?instance=coastal-fm')
    expect(logs.status).toBe(200)
    expect(await logs.json()).toMatchObject({
      instanceKey: 'coastal-fm',
      status: 200,
      body: { logs: expect.any(Array) },
    })
  })

  it('answers the decorator route for an unconnected instance with a reconnect link', async () => {
    const response = await app.request('/broadcast-logs?instance=mountain-radio')
    expect(response.status).toBe(409)
    expect(await response.text()).toContain('href="/auth/rw/login?instance=mountain-radio"')
  })

  it('escapes instance keys on the home page', async () => {
    expect((await connectThroughForm('<b>"quoted"</b>', 'desert-broadcasters')).status).toBe(302)
    const page = await (await app.request('/')).text()
    expect(page).toContain('data-instance-key="&lt;b&gt;&quot;quoted&quot;&lt;/b&gt;"')
    expect(page).not.toContain('<b>"quoted"</b>')
  })
})
