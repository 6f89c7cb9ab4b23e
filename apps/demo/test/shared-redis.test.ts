import { createRadioWorkflow } from '@rw/oauth-client'
import { RedisTokenStore } from '@rw/oauth-redis'
import { type MockRadioWorkflow, resolveExampleEnvironment } from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import { afterEach, expect, it } from 'vitest'
import { createDemoApp } from '../src/create-demo-app'

const prefix = `rw:demo-test:${crypto.randomUUID()}:`
const clients: Redis[] = []
const stores: RedisTokenStore[] = []

afterEach(async () => {
  const redis = clients[0]
  if (redis !== undefined) {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      if (keys.length > 0) await redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
  }
  await Promise.all(stores.splice(0).map((store) => store.close()))
  await Promise.all(clients.splice(0).map((client) => client.quit()))
})

it('two demo processes on one Redis list, refresh and disconnect the same connection', async () => {
  const environment = await resolveExampleEnvironment({ env: {}, port: 3000, listenMock: false })
  const mock = environment.mock as MockRadioWorkflow
  const startProcess = () => {
    const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: false })
    const store = new RedisTokenStore({ redis, prefix })
    clients.push(redis)
    stores.push(store)
    const rw = createRadioWorkflow({ ...environment.rwOptions, scopes: ['basic'], store })
    return createDemoApp({ rw, origin: environment.origin })
  }
  const first = startProcess()
  const second = startProcess()

  const login = await first.request('/auth/rw/login?instance=coastal-fm')
  mock.setAutoConsent({ instanceKey: 'coastal-fm', scopes: ['basic'] })
  const callback = new URL((await mock.fetch(login.headers.get('location') ?? '')).headers.get('location') ?? '')
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  const done = await second.request(`${callback.pathname}${callback.search}`, { headers: { cookie } })
  expect(done.status).toBe(302)

  const listedByFirst = await (await first.request('/connections')).json()
  expect(listedByFirst.connections).toEqual([expect.objectContaining({ instanceKey: 'coastal-fm', version: 1 })])

  const post = { method: 'POST', headers: { origin: environment.origin } }
  expect((await first.request('/connections/coastal-fm/refresh', post)).status).toBe(200)
  // A refresh writes two versions: its write-ahead marker, then the new pair (DESIGN.md rule 8).
  expect(await (await second.request('/connections/coastal-fm')).json()).toMatchObject({ version: 3 })
  expect(mock.counters.refreshRequests).toBe(1)

  expect(await (await second.request('/connections/coastal-fm/disconnect', post)).json()).toEqual({
    disconnected: true,
  })
  expect((await (await first.request('/connections')).json()).connections).toEqual([])
})
