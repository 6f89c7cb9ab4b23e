import { describe, expect, it } from 'vitest'
import { createMemoryFleetCoordinator, type MemoryTokenStore } from '../src/index'
import { connectInstance, HOUR_MS, setUpMockedClient } from './support/mock-setup'

const STATIONS = Array.from({ length: 6 }, (_, index) => `station-${index}`)

async function connectStations(overrides = {}) {
  const setup = setUpMockedClient(overrides, { instances: STATIONS.map((key) => ({ key, name: key })) })
  for (const station of STATIONS) await connectInstance(setup, station)
  return setup
}

describe('rw.startBackgroundRefresh', () => {
  it('refreshes connections coming due ahead of time, so callers never wait', async () => {
    const setup = await connectStations()
    const before = await Promise.all(STATIONS.map((station) => setup.rw.getAccessToken(station)))
    // Not due yet, but within the lead time.
    setup.clock.advance(HOUR_MS - 6 * 60_000)
    expect(await setup.rw.refreshDueConnections({ leadMs: 2 * 60_000 })).toEqual({
      refreshed: STATIONS.length,
      skipped: 0,
      failed: 0,
    })
    expect(setup.mock.counters.refreshRequests).toBe(STATIONS.length)
    const after = await Promise.all(STATIONS.map((station) => setup.rw.getAccessToken(station)))
    for (const [index, token] of after.entries()) expect(token).not.toBe(before[index])
    expect(setup.mock.counters.refreshRequests).toBe(STATIONS.length)
  })

  it('leaves fresh connections alone', async () => {
    const setup = await connectStations()
    expect(await setup.rw.refreshDueConnections({ leadMs: 60_000 })).toEqual({ refreshed: 0, skipped: 0, failed: 0 })
    expect(setup.mock.counters.refreshRequests).toBe(0)
  })

  it('runs in every process at once and still refreshes each connection once', async () => {
    const setup = await connectStations()
    const peers = [setup.rw, setup.createPeer(), setup.createPeer()]
    setup.clock.advance(HOUR_MS - 60_000)
    await Promise.all(peers.map((rw) => rw.refreshDueConnections()))
    expect(setup.mock.counters.refreshesByInstance).toEqual(Object.fromEntries(STATIONS.map((key) => [key, 1])))
    expect(setup.mock.counters.reuseDetected).toBe(0)
  })

  it('spends a slot of the fleet-wide cap only on a refresh that calls the token endpoint', async () => {
    const setup = await connectStations()
    const coordinator = createMemoryFleetCoordinator({ now: setup.clock.now })
    let slotsGranted = 0
    const store = {
      ...(setup.store as MemoryTokenStore),
      ...coordinator,
      async tryAcquireSlot(name: string, limit: number, leaseMs: number) {
        const slot = await coordinator.tryAcquireSlot(name, limit, leaseMs)
        if (slot !== null) slotsGranted++
        return slot
      },
    }
    // Three processes sweep the same due connections at once: all but one per instance find it locked
    // or already refreshed, and must not have held a slot for that.
    const peers = [0, 1, 2].map(() => setup.createPeer({ store }))
    setup.clock.advance(HOUR_MS - 60_000)
    await Promise.all(peers.map((rw) => rw.refreshDueConnections()))
    expect(setup.mock.counters.refreshRequests).toBe(STATIONS.length)
    expect(slotsGranted).toBe(STATIONS.length)
  })

  it('keeps idle connections alive before their refresh token would lapse (refreshTokenIdleTtlMs)', async () => {
    const setup = await connectStations()
    setup.clock.advance(30 * 60_000)
    await setup.rw.refreshDueConnections({ refreshTokenIdleTtlMs: HOUR_MS })
    expect(setup.mock.counters.refreshRequests).toBe(STATIONS.length)
    await setup.rw.refreshDueConnections({ refreshTokenIdleTtlMs: HOUR_MS })
    expect(setup.mock.counters.refreshRequests).toBe(STATIONS.length)
  })

  it('stops gracefully: a refresh in flight finishes and is saved before stop resolves', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    let open!: () => void
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    let started!: () => void
    const calling = new Promise<void>((resolve) => {
      started = resolve
    })
    const rw = setup.createPeer({
      fetch: async (input, init) => {
        if (String(input) === setup.mock.urls.refresh) {
          started()
          await gate
        }
        return setup.mock.fetch(input, init)
      },
    })
    setup.clock.advance(HOUR_MS - 60_000)
    const stop = rw.startBackgroundRefresh()
    await calling
    let stopped = false
    const stopping = stop().then(() => {
      stopped = true
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(stopped).toBe(false)
    open()
    await stopping
    expect(await setup.store.getConnection('desert-broadcasters')).toMatchObject({
      version: 3,
      lastRefreshAt: expect.any(Number),
    })
  })

  it('refuses bad options and a store without a registry, saying what to fix', async () => {
    const setup = setUpMockedClient()
    expect(() => setup.rw.startBackgroundRefresh({ intervalMs: 0 })).toThrowError(/intervalMs/)
    await expect(setup.rw.refreshDueConnections({ leadMs: -1 })).rejects.toThrowError(/leadMs/)
    const { getConnection, saveConnection, deleteConnection, savePendingAuthorization, consumePendingAuthorization } =
      setup.store
    const bare = setup.createPeer({
      store: {
        getConnection,
        saveConnection,
        deleteConnection,
        savePendingAuthorization,
        consumePendingAuthorization,
      },
      lock: setup.store as never,
    })
    expect(() => bare.startBackgroundRefresh()).toThrowError(/ConnectionRegistry/)
  })
})
