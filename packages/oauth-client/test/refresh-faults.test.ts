import { type ConnectionRecord, type RefreshLock, StoreError, type TokenStore } from '@rw/oauth-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryTokenStore } from '../src/index'
import { connectInstance, HOUR_MS, INSTANCE, setUpMockedClient } from './support/mock-setup'

/** A store (and lock) that calls `hook` before (or after) every save, so a fault lands at that exact point. */
function hookedStore(
  store: TokenStore & RefreshLock,
  hook: (record: ConnectionRecord) => void | Promise<void>,
  when: 'before' | 'after' = 'before',
): TokenStore & RefreshLock {
  return {
    getConnection: (key) => store.getConnection(key),
    async saveConnection(record, options) {
      if (when === 'before') await hook(record)
      const outcome = await store.saveConnection(record, options)
      if (when === 'after') await hook(record)
      return outcome
    },
    deleteConnection: (key, options) => store.deleteConnection(key, options),
    savePendingAuthorization: (pending) => store.savePendingAuthorization(pending),
    consumePendingAuthorization: (stateId) => store.consumePendingAuthorization(stateId),
    tryAcquire: (key, leaseMs) => store.tryAcquire(key, leaseMs),
    waitForChange: (key, timeoutMs, signal) => store.waitForChange(key, timeoutMs, signal),
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('refresh under faults (DESIGN.md rule 8)', () => {
  it('a holder paused past its lease right before sending abandons the attempt and sends nothing', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const shared = setup.store as TokenStore & RefreshLock
    let monotonic = 0
    let paused = false
    const store = hookedStore(
      shared,
      (record) => {
        // The process freezes for three leases right after writing its marker, before sending.
        if (record.refreshAttempt != null && !paused) {
          paused = true
          monotonic += 90_000
          setup.clock.advance(90_000)
        }
      },
      'after',
    )
    const rw = setup.createPeer({ store, monotonicNow: () => monotonic, lockLeaseMs: 30_000 })
    setup.clock.advance(HOUR_MS + 1)

    const token = await rw.getAccessToken(INSTANCE)

    // The frozen attempt sent nothing and cleared its marker; a fresh attempt refreshed once.
    expect(setup.mock.counters.refreshRequests).toBe(1)
    expect(setup.mock.counters.reuseDetected).toBe(0)
    const stored = await setup.store.getConnection(INSTANCE)
    expect(stored).toMatchObject({ status: 'active', version: 5, accessToken: token })
    expect(stored?.refreshAttempt ?? null).toBeNull()
  })

  it('a pair whose save fails for a store outage is kept, served in-process, and saved when the store is back', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    let outage = false
    let injected = false
    const store = hookedStore(setup.store as TokenStore & RefreshLock, (record) => {
      // Redis restarts between the token endpoint's answer and the save of the new pair.
      if (record.refreshAttempt == null && record.version > 2 && !injected) {
        injected = true
        outage = true
      }
      if (outage) throw new StoreError('store_unavailable', 'Redis is restarting (injected).')
    })
    const failingReads: TokenStore & RefreshLock = {
      ...store,
      getConnection: (key) =>
        outage ? Promise.reject(new StoreError('store_unavailable', 'down')) : setup.store.getConnection(key),
    }
    const rw = setup.createPeer({ store: failingReads })
    const refreshed = new Promise((resolve) => rw.on('refreshed', resolve))
    setup.clock.advance(HOUR_MS + 1)

    const token = await rw.getAccessToken(INSTANCE)
    expect(outage).toBe(true)
    // During the outage this process keeps serving the pair only it holds.
    expect(await rw.getAccessToken(INSTANCE)).toBe(token)
    expect(await setup.store.getConnection(INSTANCE)).toMatchObject({ version: 2 })

    outage = false
    expect(await refreshed).toMatchObject({ instanceKey: INSTANCE, version: 3 })
    expect(await setup.store.getConnection(INSTANCE)).toMatchObject({ version: 3, accessToken: token })
    // Another process reads the saved pair: nobody had to present the spent refresh token again.
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(token)
    expect(setup.mock.counters.refreshRequests).toBe(1)
    expect(setup.mock.counters.reuseDetected).toBe(0)
  })

  it("a holder paused after the server answered: the next holder does not resend, and the holder's late pair still lands", async () => {
    const setup = setUpMockedClient({ lockLeaseMs: 30_000 })
    await connectInstance(setup)
    let resume!: () => void
    const paused = new Promise<void>((resolve) => {
      resume = resolve
    })
    let answered!: () => void
    const serverAnswered = new Promise<void>((resolve) => {
      answered = resolve
    })
    const slow = setup.createPeer({
      fetch: async (input, init) => {
        const response = await setup.mock.fetch(input, init)
        if (String(input) === setup.mock.urls.refresh) {
          answered()
          await paused // frozen with the new pair in hand
        }
        return response
      },
    })
    setup.clock.advance(HOUR_MS + 1)
    const late = slow.getAccessToken(INSTANCE)
    await serverAnswered
    setup.clock.advance(30_001) // its lease runs out while it is frozen

    const unknown = await setup.rw.getAccessToken(INSTANCE).catch((error: unknown) => error)
    expect(unknown).toMatchObject({ code: 'refresh_outcome_unknown', retryAt: expect.any(Number) })
    expect(setup.mock.counters.refreshRequests).toBe(1)

    resume()
    const token = await late
    expect(await setup.store.getConnection(INSTANCE)).toMatchObject({ status: 'active', accessToken: token })
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(token)
    expect(setup.mock.counters.refreshRequests).toBe(1)
    expect(setup.mock.counters.reuseDetected).toBe(0)
  })

  it('extends the lease while a slow refresh outlives one lease period, so nobody else can take the lock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearInterval', 'clearTimeout', 'Date', 'performance'] })
    const lock = createMemoryTokenStore({ now: Date.now })
    const setup = setUpMockedClient({ lock, lockLeaseMs: 300, httpTimeoutMs: 250 })
    await connectInstance(setup)
    const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
    // A slow store write (the marker) and a slow endpoint: 400 ms in all, against a 300 ms lease.
    const slowStore = hookedStore(setup.store as TokenStore & RefreshLock, (record) =>
      record.refreshAttempt == null ? undefined : delay(200),
    )
    const slow = setup.createPeer({
      store: slowStore,
      lock,
      monotonicNow: () => performance.now(),
      fetch: async (input, init) => {
        if (String(input) === setup.mock.urls.refresh) await delay(200)
        return setup.mock.fetch(input, init)
      },
    })
    setup.clock.advance(HOUR_MS + 1)
    const refreshing = slow.getAccessToken(INSTANCE)
    await vi.advanceTimersByTimeAsync(350)
    // Without the extensions the lease taken at 0 ms would have expired at 300 ms.
    expect(await lock.tryAcquire(INSTANCE, 300)).toBeNull()
    await vi.advanceTimersByTimeAsync(100)
    expect(await refreshing).toBe((await setup.store.getConnection(INSTANCE))?.accessToken)
    expect(setup.mock.counters.refreshRequests).toBe(1)
    expect(setup.logger.entries.filter((entry) => entry.level === 'warn')).toEqual([])
  })
})
