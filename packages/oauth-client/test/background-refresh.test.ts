import { describe, expect, it } from 'vitest'
import { createMemoryFleetCoordinator, type MemoryTokenStore } from '../src/index'
import { connectInstance, HOUR_MS, setUpMockedClient, type TestSetup } from './support/mock-setup'

const STATIONS = Array.from({ length: 6 }, (_, index) => `station-${index}`)

async function connectStations(overrides = {}) {
  const setup = setUpMockedClient(overrides, { instances: STATIONS.map((key) => ({ key, name: key })) })
  for (const station of STATIONS) await connectInstance(setup, station)
  return setup
}

/** The setup's store as a FleetCoordinator on the test clock, counting the slots it grants and rate tokens asked. */
function createCountingStore(setup: TestSetup) {
  const coordinator = createMemoryFleetCoordinator({ now: setup.clock.now })
  const counts = { slotsGranted: 0, rateTokensAsked: 0 }
  const store = {
    ...(setup.store as MemoryTokenStore),
    ...coordinator,
    async tryAcquireSlot(name: string, limit: number, leaseMs: number) {
      const slot = await coordinator.tryAcquireSlot(name, limit, leaseMs)
      if (slot !== null) counts.slotsGranted++
      return slot
    },
    tryTakeRateToken(name: string, perSecond: number, burst: number) {
      counts.rateTokensAsked++
      return coordinator.tryTakeRateToken(name, perSecond, burst)
    },
  }
  return { store, counts }
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
    const { store, counts } = createCountingStore(setup)
    // Three processes sweep the same due connections at once: all but one per instance find it locked
    // or already refreshed, and must not have held a slot for that.
    const peers = [0, 1, 2].map(() => setup.createPeer({ store }))
    setup.clock.advance(HOUR_MS - 60_000)
    await Promise.all(peers.map((rw) => rw.refreshDueConnections()))
    expect(setup.mock.counters.refreshRequests).toBe(STATIONS.length)
    expect(counts.slotsGranted).toBe(STATIONS.length)
  })

  it('keeps refreshes ahead of need to refreshRatePerSecond: a burst at once, then one per interval', async () => {
    // Two per second: a burst of two, then one token every 500 ms of the (fixed) clock.
    const setup = await connectStations({ refreshRatePerSecond: 2 })
    setup.clock.advance(HOUR_MS - 60_000)
    // A 1 ms interval bounds the wait for a token, so a sweep never waits for one 500 ms away.
    const sweep = () => setup.rw.refreshDueConnections({ intervalMs: 1 })
    expect(await sweep()).toEqual({ refreshed: 2, skipped: 4, failed: 0 })
    expect(await sweep()).toEqual({ refreshed: 0, skipped: 4, failed: 0 })
    // Eight refusals so far: each gave its slot back, or all 8 slots of the cap would be held now.
    setup.clock.advance(500)
    expect(await sweep()).toEqual({ refreshed: 1, skipped: 3, failed: 0 })
    setup.clock.advance(1_000)
    expect(await sweep()).toEqual({ refreshed: 2, skipped: 1, failed: 0 })
    setup.clock.advance(500)
    expect(await sweep()).toEqual({ refreshed: 1, skipped: 0, failed: 0 })
    expect(setup.mock.counters.refreshesByInstance).toEqual(Object.fromEntries(STATIONS.map((key) => [key, 1])))
  })

  it('never holds back a caller whose token has expired for the rate', async () => {
    // One token per 1 000 s: after the first, none comes back while the test runs.
    const setup = await connectStations({ refreshRatePerSecond: 0.001 })
    setup.clock.advance(HOUR_MS - 60_000)
    expect(await setup.rw.refreshDueConnections({ intervalMs: 1 })).toEqual({ refreshed: 1, skipped: 5, failed: 0 })
    setup.clock.advance(2 * 60_000)
    await Promise.all(STATIONS.map((station) => setup.rw.getAccessToken(station)))
    expect(setup.mock.counters.refreshesByInstance).toEqual(Object.fromEntries(STATIONS.map((key) => [key, 1])))
  })

  it('asks for no rate token without refreshRatePerSecond', async () => {
    const setup = await connectStations()
    const { store, counts } = createCountingStore(setup)
    setup.clock.advance(HOUR_MS - 60_000)
    const sweep = await setup.createPeer({ store }).refreshDueConnections({ intervalMs: 1 })
    expect(sweep).toEqual({ refreshed: STATIONS.length, skipped: 0, failed: 0 })
    expect(counts.rateTokensAsked).toBe(0)
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
