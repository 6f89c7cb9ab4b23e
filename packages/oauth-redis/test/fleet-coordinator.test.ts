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

  it('shares one rate across processes: a burst in all, then the wait until the next token', async () => {
    // One token per 10 s: nothing refills while the test runs, so every grant comes from the burst.
    const attempts = Array.from({ length: 12 }, (_, index) =>
      (index % 2 === 0 ? first : second).tryTakeRateToken('rate', 0.1, 3),
    )
    const waits = await Promise.all(attempts)
    expect(waits.filter((wait) => wait === 0)).toHaveLength(3)
    for (const wait of waits.filter((wait) => wait !== 0)) {
      expect(wait).toBeGreaterThan(9_000)
      expect(wait).toBeLessThanOrEqual(10_000)
    }
    const key = `${prefix}v1:fleet:{rate}:rate`
    // Expires by itself once idle: when the burst is paid back, at most 3 tokens × 10 s from now.
    expect(await redis.pttl(key)).toBeGreaterThan(20_000)
    expect(await redis.pttl(key)).toBeLessThanOrEqual(30_000)
  })

  it('answers a wait after which the other process gets the next token', async () => {
    expect(await first.tryTakeRateToken('refill', 20, 1)).toBe(0)
    const wait = await second.tryTakeRateToken('refill', 20, 1)
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(50)
    // Waiting out the answer (the server's clock decides, so no fake clock here) is what a caller does.
    await new Promise((resolve) => setTimeout(resolve, wait + 1))
    expect(await second.tryTakeRateToken('refill', 20, 1)).toBe(0)
    expect(await first.tryTakeRateToken('refill', 20, 1)).toBeGreaterThan(0)
  })
})
