import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { createStormSetup, ENCRYPTION_KEY, type StormSetup } from './support/storm-setup'

const STATIONS = Array.from({ length: 12 }, (_, index) => `bg-${index}`)
const CAP = 2

let setup: StormSetup
let otherRedis: Redis
let otherStore: RedisTokenStore

beforeAll(async () => {
  setup = await createStormSetup('background', STATIONS)
  await setup.connect(STATIONS)
  otherRedis = new Redis({ host: '127.0.0.1', port: 6379 })
  // A second process: its own connection and store object on the same prefix.
  otherStore = new RedisTokenStore({
    redis: otherRedis,
    prefix: setup.prefix,
    encryption: { keys: [{ id: 'k1', key: ENCRYPTION_KEY }] },
  })
}, 60_000)

afterAll(async () => {
  await otherStore?.close()
  otherRedis?.disconnect()
  await setup?.dispose()
})

describe('background refresh in several processes on Redis', () => {
  it('refreshes every due connection once, never more than the fleet-wide cap at a time', async () => {
    await setup.expire(STATIONS)
    setup.mock.resetCounters()
    setup.mock.faults.latencyMs = 40
    let inFlight = 0
    let peak = 0
    const countingFetch: typeof fetch = async (input, init) => {
      const refresh = String(input) === setup.mock.urls.refresh
      if (refresh) peak = Math.max(peak, ++inFlight)
      try {
        return await fetch(input, init)
      } finally {
        if (refresh) inFlight--
      }
    }
    const processes = [
      setup.createClient({ fetch: countingFetch, refreshConcurrency: CAP }),
      setup.createClient({ fetch: countingFetch, refreshConcurrency: CAP }),
      setup.createClient({ fetch: countingFetch, refreshConcurrency: CAP, store: otherStore }),
      setup.createClient({ fetch: countingFetch, refreshConcurrency: CAP, store: otherStore }),
    ]
    await Promise.all(processes.map((rw) => rw.refreshDueConnections({ concurrency: 4, intervalMs: 30_000 })))
    setup.mock.faults.latencyMs = 0

    expect(peak).toBeLessThanOrEqual(CAP)
    expect(setup.mock.counters.refreshesByInstance).toEqual(Object.fromEntries(STATIONS.map((key) => [key, 1])))
    expect(setup.mock.counters.invalidGrant).toBe(0)
    for (const station of STATIONS) {
      expect(await setup.store.getConnection(station)).toMatchObject({
        status: 'active',
        lastRefreshAt: expect.any(Number),
      })
    }
  })

  it('holds refreshRatePerSecond across processes: each connection refreshed once, never faster', async () => {
    await setup.expire(STATIONS)
    setup.mock.resetCounters()
    // Burst 5 at once; the other 7 wait for a token every 200 ms, judged by the Redis server's clock.
    const rate = 5
    const processes = [
      setup.createClient({ refreshRatePerSecond: rate }),
      setup.createClient({ refreshRatePerSecond: rate, store: otherStore }),
    ]
    const started = performance.now()
    await Promise.all(processes.map((rw) => rw.refreshDueConnections({ concurrency: 4, intervalMs: 30_000 })))
    const elapsedMs = performance.now() - started

    expect(setup.mock.counters.refreshesByInstance).toEqual(Object.fromEntries(STATIONS.map((key) => [key, 1])))
    // A lower bound only (a slow run is never too fast): a rate kept per process would finish in ~400 ms.
    expect(elapsedMs).toBeGreaterThanOrEqual(((STATIONS.length - rate) * 1_000) / rate - 100)
  })
})
