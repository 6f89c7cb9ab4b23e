import { createServer } from 'node:net'
import { createRadioWorkflow } from '@rw/oauth-client'
import { RedisTokenStore, watchRedisConnection } from '@rw/oauth-redis'
import { resolveExampleEnvironment } from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import { expect, it } from 'vitest'
import { createDemoApp } from '../src/create-demo-app'

function findClosedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

it('answers the connection list with a 503 JSON error at once while Redis is down, like every SDK route', async () => {
  const environment = await resolveExampleEnvironment({ env: {}, port: 3000, listenMock: false })
  // Never connected: ioredis would queue commands (and retry) for as long as it is down.
  const redis = new Redis({ host: '127.0.0.1', port: await findClosedPort(), lazyConnect: true })
  const silent = { debug() {}, warn() {}, error() {} }
  watchRedisConnection(redis, silent) // as main.ts does
  const store = new RedisTokenStore({ redis, prefix: 'rw:demo-down:', logger: silent })
  const rw = createRadioWorkflow({ ...environment.rwOptions, scopes: ['basic'], store })
  const app = createDemoApp({ rw, origin: environment.origin })
  try {
    const list = await app.request('/connections', { headers: { accept: 'application/json' } })
    expect(list.status).toBe(503)
    expect(list.headers.get('cache-control')).toBe('no-store')
    expect(await list.json()).toMatchObject({ error: 'store_unavailable', reconnect: false })
    expect(list.headers.get('x-content-type-options')).toBe('nosniff')
    const connection = await app.request('/connections/desert-broadcasters')
    expect(connection.status).toBe(503)
  } finally {
    await store.close()
    redis.disconnect()
  }
})
