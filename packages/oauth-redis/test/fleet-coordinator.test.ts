import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { createTestPrefix, deleteKeysWithPrefix } from './support/test-prefix'

// Two stores on one prefix, each with its own connection: two processes of one deployment.
let redis: Redis
let otherRedis: Redis
let prefix: string
let first: RedisTokenStore
let second: RedisTokenStore

beforeAll(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379 })
  prefix = createTestPrefix('fleet')
  first = new RedisTokenStore({ redis, prefix })
  otherRedis = new Redis({ host: '127.0.0.1', port: 6379 })
  second = new RedisTokenStore({ redis: otherRedis, prefix })
})

afterAll(async () => {
  await first.close()
  await second.close()
  await deleteKeysWithPrefix(redis, prefix)
  redis.disconnect()
  otherRedis.disconnect()
})

describe('RedisTokenStore as a FleetCoordinator (shared by every process)', () => {
  it('caps concurrent slots across processes and frees a released one', async () => {
    const a = await first.tryAcquireSlot('cap', 2, 30_000)
    const b = await second.tryAcquireSlot('cap', 2, 30_000)
    expect(a).not.toBeNull()
    expect(b).not.toBeNull()
    expect(await first.tryAcquireSlot('cap', 2, 30_000)).toBeNull()
    expect(await second.tryAcquireSlot('cap', 2, 30_000)).toBeNull()
    await b?.release()
    const c = await first.tryAcquireSlot('cap', 2, 30_000)
    expect(c).not.toBeNull()
    await Promise.all([a?.release(), c?.release()])
  })

  it('counts failures across processes, shares the open flag, and admits one probe per interval', async () => {
    expect(await first.countFailure('endpoint', 60_000)).toBe(1)
    expect(await second.countFailure('endpoint', 60_000)).toBe(2)
    expect(await second.readOpenUntil('endpoint')).toBeNull()
    const until = await first.open('endpoint', 60_000)
    expect(await second.readOpenUntil('endpoint')).toBe(until)
    const probes = await Promise.all(
      [first, second, first, second].map((store) => store.claimProbe('endpoint', 60_000)),
    )
    expect(probes.filter(Boolean)).toHaveLength(1)
    await second.resetFailures('endpoint')
    expect(await first.readOpenUntil('endpoint')).toBeNull()
    expect(await first.countFailure('endpoint', 60_000)).toBe(1)
    expect(await first.claimProbe('endpoint', 60_000)).toBe(true)
  })
})
