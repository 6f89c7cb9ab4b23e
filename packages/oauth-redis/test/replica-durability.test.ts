import { createConnectionRecord, createTokenSet, StoreError } from '@rw/oauth-core'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { RedisServerProcess } from './support/redis-server-process'

let primary: RedisServerProcess
let replica: RedisServerProcess
let redis: Redis

const tokens = (n: number) =>
  createTokenSet({
    accessToken: `at-${n}`,
    refreshToken: `rt-${n}`,
    tokenType: 'Bearer',
    scopes: ['basic'],
    expiresAt: 3_600_000 + n,
    obtainedAt: n,
  })

beforeAll(async () => {
  primary = await RedisServerProcess.start()
  replica = await RedisServerProcess.start(['--replicaof', '127.0.0.1', String(primary.port)])
  redis = new Redis({ host: '127.0.0.1', port: primary.port })
  // Bounded: the replica's first sync.
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await redis.wait(1, 50)) >= 1) break
  }
}, 30_000)

afterAll(async () => {
  redis?.disconnect()
  await replica?.dispose()
  await primary?.dispose()
})

describe('opt-in durability: writes acknowledged by replicas (WAIT)', () => {
  it('saves once the replica acknowledged the write', async () => {
    const store = new RedisTokenStore({ redis, prefix: 'durable:', durability: { replicas: 1, timeoutMs: 500 } })
    const record = createConnectionRecord('desert', tokens(1), null)
    expect(await store.saveConnection(record, { expectedVersion: null })).toEqual({ saved: true })
    const onReplica = new Redis({ host: '127.0.0.1', port: replica.port })
    expect(await onReplica.dbsize()).toBeGreaterThan(0)
    onReplica.disconnect()
    await store.close()
  })

  it('reports store_unavailable when fewer replicas acknowledge, so the SDK keeps and retries the pair', async () => {
    const store = new RedisTokenStore({ redis, prefix: 'durable-2:', durability: { replicas: 2, timeoutMs: 100 } })
    const record = createConnectionRecord('coastal', tokens(2), null)
    const failure = await store.saveConnection(record, { expectedVersion: null }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(StoreError)
    expect(failure).toMatchObject({ code: 'store_unavailable' })
    expect((failure as Error).message).toMatch(/1 of 2 replicas/)
    await store.close()
  })

  it('refuses a WAIT timeout that the command deadline would cut short', () => {
    expect(
      () => new RedisTokenStore({ redis, commandTimeoutMs: 500, durability: { replicas: 1, timeoutMs: 500 } }),
    ).toThrowError(/shorter than commandTimeoutMs/)
  })
})
