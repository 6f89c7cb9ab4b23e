import { randomUUID } from 'node:crypto'
import { RedisTokenStore } from '@rw/oauth-redis'
import { consentAtMock, type MockRadioWorkflow, resolveExampleEnvironment } from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import { afterEach, expect, it } from 'vitest'
import { listenExample } from './support/listen-example'

const prefix = `rw:example-nestjs-test:${randomUUID()}:`
const cleanups: Array<() => Promise<unknown>> = []

afterEach(async () => {
  const redis = new Redis('redis://127.0.0.1:6379')
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    if (keys.length > 0) await redis.unlink(...keys)
    cursor = next
  } while (cursor !== '0')
  await redis.quit()
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

it('two app processes on one Redis share the pending authorization and the connection', async () => {
  const environment = await resolveExampleEnvironment({ env: {}, port: 3001, listenMock: false })
  const mock = environment.mock as MockRadioWorkflow
  const startProcess = async () => {
    const redis = new Redis('redis://127.0.0.1:6379')
    const store = new RedisTokenStore({ redis, prefix })
    cleanups.push(
      () => redis.quit(),
      () => store.close(),
    )
    const app = await listenExample({ ...environment.rwOptions, scopes: ['basic'], store })
    cleanups.push(() => app.close())
    return app
  }
  const first = await startProcess()
  const second = await startProcess()

  const login = await first.request('/auth/rw/login?instance=coastal-fm')
  const authorizeUrl = login.headers.get('location') ?? ''
  const callback = await consentAtMock(mock, authorizeUrl, { instanceKey: 'coastal-fm', scopes: ['basic'] })
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  expect((await second.request(`${callback.pathname}${callback.search}`, { headers: { cookie } })).status).toBe(302)
  expect(await (await first.request('/connections/coastal-fm')).json()).toMatchObject({ status: 'active', version: 1 })
  // Connected through the second process, listed by the first: the list is the store's registry.
  expect(await (await first.request('/')).text()).toContain('<li data-instance-key="coastal-fm">')

  mock.expireAccessToken('coastal-fm')
  const logs = await first.request('/broadcast-logs?instance=coastal-fm')
  expect(await logs.json()).toMatchObject({ instanceKey: 'coastal-fm', status: 200 })
  // A refresh writes two versions: its write-ahead marker, then the new pair (DESIGN.md rule 8).
  expect(await (await second.request('/connections/coastal-fm')).json()).toMatchObject({ version: 3 })
  expect(mock.counters.refreshRequests).toBe(1)
})
