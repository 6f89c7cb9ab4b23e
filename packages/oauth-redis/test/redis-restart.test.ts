import { StoreError } from '@rw/oauth-core'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { createTestRecord } from './support/connection-record-fixture'
import { RedisServerProcess } from './support/redis-server-process'

const KEY = Buffer.alloc(32, 5).toString('base64')
const consoleErrors = vi.spyOn(console, 'error')

let server: RedisServerProcess
let redis: Redis
let store: RedisTokenStore

beforeAll(async () => {
  server = await RedisServerProcess.start()
  // Default ioredis options, as most users have them: offline queue on, 20 retries per request.
  redis = new Redis({ host: '127.0.0.1', port: server.port })
  redis.on('error', () => {})
  store = new RedisTokenStore({ redis, prefix: 'restart:', encryption: { keys: [{ id: 'k1', key: KEY }] } })
})

afterAll(async () => {
  await store?.close()
  redis?.disconnect()
  await server?.dispose()
})

// How fast it fails is a timing goal, measured by `pnpm bench`; the test asserts what fails and how.
async function expectUnavailableWithinDeadline(call: () => Promise<unknown>, secret?: string): Promise<void> {
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(StoreError)
  expect(error).toMatchObject({ code: 'store_unavailable' })
  expect((error as Error).cause).toBeUndefined()
  if (secret !== undefined) expect(JSON.stringify(error) + String(error)).not.toContain(secret)
}

async function pollUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`never: ${what}`)
}

describe('Redis stalled (connection open, no answers)', () => {
  it('fails calls at the deadline and undoes a lock taken after its caller gave up', async () => {
    const stalled = new RedisTokenStore({ redis, prefix: 'stalled:', commandTimeoutMs: 300 })
    server.pause()
    try {
      await expect(stalled.getConnection('stalled')).rejects.toMatchObject({ code: 'store_unavailable' })
      await expect(stalled.tryAcquire('stalled', 60_000)).rejects.toMatchObject({ code: 'store_unavailable' })
    } finally {
      server.resume()
    }
    // Both queued commands now run in order: the late SET NX, then the release queued behind it.
    expect(await redis.ping()).toBe('PONG')
    expect(await redis.keys('stalled:*')).toEqual([])
    await stalled.close()
  })
})

describe('Redis stopped and restarted under a running store', () => {
  it('fails fast with store_unavailable while Redis is down and recovers when it is back', async () => {
    const record = createTestRecord('restart', 1)
    expect(await store.saveConnection(record, { expectedVersion: null })).toEqual({ saved: true })

    await server.stop()
    await pollUntil(async () => redis.status !== 'ready', 'the client notices the server is gone')

    await expectUnavailableWithinDeadline(() => store.getConnection('restart'))
    await expectUnavailableWithinDeadline(
      () => store.saveConnection(createTestRecord('restart', 2), { expectedVersion: 1 }),
      record.accessToken,
    )
    await expectUnavailableWithinDeadline(() => store.tryAcquire('restart', 10_000))
    await expectUnavailableWithinDeadline(() => store.deleteConnection('restart'))
    await expectUnavailableWithinDeadline(() => store.consumePendingAuthorization('some-state'))

    // A store constructed while Redis is down does not throw; its calls fail the same way.
    const offlineClient = new Redis({ host: '127.0.0.1', port: server.port })
    offlineClient.on('error', () => {})
    const offlineStore = new RedisTokenStore({ redis: offlineClient, prefix: 'restart-offline:' })
    await expectUnavailableWithinDeadline(() => offlineStore.getConnection('restart'))

    await server.restart()
    await pollUntil(
      () =>
        store.getConnection('restart').then(
          () => true,
          () => false,
        ),
      'the store answers again',
    )
    // No persistence on this server: the record is gone, the store works normally again.
    expect(await store.getConnection('restart')).toBeNull()
    expect(await store.saveConnection(createTestRecord('restart', 1), { expectedVersion: null })).toEqual({
      saved: true,
    })
    const lease = await store.tryAcquire('restart', 10_000)
    expect(lease).not.toBeNull()
    // The pub/sub connection came back too: a waiter is woken by the release.
    const waiting = store.waitForChange('restart', 20_000)
    await pollUntil(
      async () =>
        Number(
          (await redis.pubsub('NUMSUB', `restart:v1:{${Buffer.from('restart').toString('base64url')}}:changed`))[1],
        ) === 1,
      'the waiter is subscribed',
    )
    await lease!.release()
    await waiting
    await pollUntil(
      () =>
        offlineStore.getConnection('restart').then(
          () => true,
          () => false,
        ),
      'the store built while Redis was down answers',
    )
    await offlineStore.close()
    offlineClient.disconnect()
    await redis.unlink(...(await redis.keys('restart*')))

    // ioredis prints unhandled 'error' events of connections nobody listens to; the store listens to its own.
    const unhandled = consoleErrors.mock.calls.filter((call) => String(call[0]).includes('Unhandled error event'))
    expect(unhandled).toEqual([])
  }, 60_000)
})
