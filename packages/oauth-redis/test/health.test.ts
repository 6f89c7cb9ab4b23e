import { createRadioWorkflow } from '@rw/oauth-client'
import { createMockSetup } from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { RedisServerProcess } from './support/redis-server-process'
import { createTestPrefix, listKeysWithPrefix } from './support/test-prefix'

let server: RedisServerProcess
let redis: Redis

beforeAll(async () => {
  // A private server: the test pauses it, which must not stall anyone else's tests.
  server = await RedisServerProcess.start()
  redis = new Redis({ host: '127.0.0.1', port: server.port })
  redis.on('error', () => {})
})

afterAll(async () => {
  redis?.disconnect()
  await server?.dispose()
})

describe('rw.health() on a RedisTokenStore', () => {
  it('reports a reachable Redis, writes nothing, and reports a stalled one as unreachable at the deadline', async () => {
    const prefix = createTestPrefix('health')
    const store = new RedisTokenStore({ redis, prefix })
    const rw = createRadioWorkflow({ ...createMockSetup().clientOptions, store })
    try {
      const healthy = await rw.health()
      expect(healthy.store.reachable).toBe(true)
      expect(await listKeysWithPrefix(redis, prefix)).toEqual([])

      server.pause()
      try {
        const stalled = await rw.health({ timeoutMs: 200 })
        expect(stalled.store).toMatchObject({ reachable: false })
        expect(stalled.store.latencyMs).toBeGreaterThanOrEqual(200)
      } finally {
        server.resume()
      }
      expect((await rw.health()).store.reachable).toBe(true)
    } finally {
      await store.close()
    }
  })
})
