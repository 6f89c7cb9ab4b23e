import { NotConnectedError } from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import { connectInstance, HOUR_MS, INSTANCE, setUpMockedClient } from './support/mock-setup'

const REFRESH_WINDOW_MS = 5 * 60_000

describe('in-process token cache (cache option)', () => {
  it('serves a fresh token from memory and sees a refresh, a disconnect and a reconnect made by another client', async () => {
    const setup = setUpMockedClient({ cache: { maxEntries: 100 } })
    const other = setup.createPeer({ cache: undefined })
    await connectInstance(setup)
    const first = await setup.rw.getAccessToken(INSTANCE)
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(first)
    expect(setup.rw.getTokenCacheStatistics()).toMatchObject({ hits: 1, misses: 1, entries: 1, serving: true })

    await other.refresh(INSTANCE)
    const refreshed = (await setup.store.getConnection(INSTANCE))!.accessToken
    expect(refreshed).not.toBe(first)
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(refreshed)

    await other.disconnect(INSTANCE)
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toThrow(NotConnectedError)

    await connectInstance({ mock: setup.mock, rw: other })
    const reconnected = (await setup.store.getConnection(INSTANCE))!.accessToken
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(reconnected)
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(reconnected)
    expect(setup.mock.counters.refreshRequests).toBe(1)
  })

  it('refreshes instead of serving a cached token once it is inside its refresh window', async () => {
    const setup = setUpMockedClient({ cache: {}, refreshJitterMs: 0 })
    await connectInstance(setup)
    const first = await setup.rw.getAccessToken(INSTANCE)
    setup.clock.advance(HOUR_MS - REFRESH_WINDOW_MS)
    const refreshed = new Promise((resolve) => setup.rw.on('refreshed', resolve))
    // Due but valid: served at once (from the store, not the cache) while the refresh runs behind it.
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(first)
    await refreshed
    expect(setup.mock.counters.refreshRequests).toBe(1)
    const second = await setup.rw.getAccessToken(INSTANCE)
    expect(second).not.toBe(first)
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(second)
    expect(setup.mock.counters.refreshRequests).toBe(1)
  })

  it('drops its own disconnected instance at once, and is off by default', async () => {
    const setup = setUpMockedClient({ cache: {} })
    await connectInstance(setup)
    await setup.rw.getAccessToken(INSTANCE)
    await setup.rw.disconnect(INSTANCE)
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toThrow(NotConnectedError)
    expect(setup.createPeer({ cache: undefined }).getTokenCacheStatistics()).toBeUndefined()
  })
})
