import { createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import { NotConnectedError, type StoreChange } from '@rw/oauth-core'
import { MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET, MOCK_REDIRECT_URI } from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { createTestRecord } from './support/connection-record-fixture'
import { RedisServerProcess } from './support/redis-server-process'
import { createStormSetup, ENCRYPTION_KEY, type StormSetup } from './support/storm-setup'
import { createTestPrefix } from './support/test-prefix'

const HOUR_MS = 3_600_000
const silentLogger = { debug: () => {}, warn: () => {}, error: () => {} }
const encryption = { keys: [{ id: 'k1', key: ENCRYPTION_KEY }] }

/** Resolves with the first change of the store's feed that `matches` (already-live feeds report `live` at once). */
function nextChange(store: RedisTokenStore, matches: (change: StoreChange) => boolean): Promise<StoreChange> {
  return new Promise((resolve) => {
    let unsubscribe: (() => void) | undefined
    let done = false
    unsubscribe = store.subscribeToChanges((change) => {
      if (done || !matches(change)) return
      done = true
      queueMicrotask(() => unsubscribe?.())
      resolve(change)
    })
  })
}
const changeOf = (instanceKey: string) => (change: StoreChange) =>
  change.type === 'changed' && change.instanceKey === instanceKey
const isLive = (change: StoreChange) => change.type === 'live'

function createCachedClient(store: RedisTokenStore, endpoints: { token: string; refresh: string }): RadioWorkflow {
  return createRadioWorkflow({
    partnerKey: MOCK_PARTNER_KEY,
    partnerSecret: MOCK_PARTNER_SECRET,
    redirectUri: MOCK_REDIRECT_URI,
    endpoints,
    store,
    logger: silentLogger,
    cache: { maxEntries: 100 },
  })
}

describe('token cache across two processes sharing Redis', () => {
  const instance = 'feed-station'
  let setup: StormSetup
  let redis: Redis
  let store: RedisTokenStore
  let rw: RadioWorkflow

  beforeAll(async () => {
    setup = await createStormSetup('feed', [instance])
    // The "other process": its own ioredis client and store on the same prefix.
    redis = new Redis({ host: '127.0.0.1', port: 6379 })
    store = new RedisTokenStore({ redis, prefix: setup.prefix, encryption })
    rw = createCachedClient(store, setup.mock.urls)
  })
  afterAll(async () => {
    await store?.close()
    redis?.disconnect()
    await setup?.dispose()
  })

  it('sees a refresh, a disconnect and a reconnect made by the other process within one pub/sub message', async () => {
    await nextChange(store, isLive)
    let message = nextChange(store, changeOf(instance))
    await setup.connect([instance])
    await message
    const first = await rw.getAccessToken(instance)
    expect(await rw.getAccessToken(instance)).toBe(first)
    expect(rw.getTokenCacheStatistics()).toMatchObject({ hits: 1, serving: true })

    message = nextChange(store, changeOf(instance))
    await setup.rw.refresh(instance)
    await message
    const refreshed = await rw.getAccessToken(instance)
    expect(refreshed).not.toBe(first)
    expect(refreshed).toBe((await setup.store.getConnection(instance))?.accessToken)

    message = nextChange(store, changeOf(instance))
    await setup.rw.disconnect(instance)
    await message
    await expect(rw.getAccessToken(instance)).rejects.toThrow(NotConnectedError)

    message = nextChange(store, changeOf(instance))
    await setup.connect([instance])
    await message
    const reconnected = await rw.getAccessToken(instance)
    expect(reconnected).not.toBe(refreshed)
    expect(reconnected).toBe((await setup.store.getConnection(instance))?.accessToken)
  })

  it('reports changes made through the store itself before the call resolves, and ignores lock releases', async () => {
    const seen: StoreChange[] = []
    const unsubscribe = store.subscribeToChanges((change) => seen.push(change))
    try {
      await store.saveConnection(createTestRecord('feed-own', 1), { expectedVersion: null })
      expect(seen).toContainEqual({ type: 'changed', instanceKey: 'feed-own' })
      await store.deleteConnection('feed-own')
      const lease = await store.tryAcquire('feed-lock-only', 5_000)
      await lease!.release()
      // Published after the release on the same server, so delivered after it on the same connection.
      const marker = nextChange(store, changeOf('feed-marker'))
      await setup.store.saveConnection(createTestRecord('feed-marker', 1), { expectedVersion: null })
      await marker
      expect(seen.filter((change) => change.type === 'changed' && change.instanceKey === 'feed-lock-only')).toEqual([])
    } finally {
      unsubscribe()
    }
  })
})

describe('token cache when Redis restarts', () => {
  let server: RedisServerProcess
  let redis: Redis
  let otherRedis: Redis
  let store: RedisTokenStore
  let other: RedisTokenStore
  let rw: RadioWorkflow
  const prefix = createTestPrefix('feed-restart')

  beforeAll(async () => {
    server = await RedisServerProcess.start()
    redis = new Redis({ host: '127.0.0.1', port: server.port })
    otherRedis = new Redis({ host: '127.0.0.1', port: server.port })
    for (const client of [redis, otherRedis]) client.on('error', () => {})
    store = new RedisTokenStore({ redis, prefix, encryption })
    other = new RedisTokenStore({ redis: otherRedis, prefix, encryption })
    rw = createCachedClient(store, { token: 'http://127.0.0.1:59999/token', refresh: 'http://127.0.0.1:59999/refresh' })
  })
  afterAll(async () => {
    await store?.close()
    await other?.close()
    redis?.disconnect()
    otherRedis?.disconnect()
    await server?.dispose()
  })

  it('stops serving when the subscription is lost and serves only what it read after resubscribing', async () => {
    const before = createTestRecord('restart', 1, { expiresAt: Date.now() + HOUR_MS })
    // Live first, then the save: a save published while the feed was connecting may be delivered after
    // `live`, in the middle of the first read, which is then rightly not cached.
    await nextChange(store, isLive)
    const saved = nextChange(store, changeOf('restart'))
    await other.saveConnection(before, { expectedVersion: null })
    await saved
    expect(await rw.getAccessToken('restart')).toBe(before.accessToken)
    expect(await rw.getAccessToken('restart')).toBe(before.accessToken)
    expect(rw.getTokenCacheStatistics()).toMatchObject({ hits: 1, serving: true })

    const lost = nextChange(store, (change) => change.type === 'lost')
    await server.stop()
    await lost
    await expect(rw.getAccessToken('restart')).rejects.toMatchObject({ code: 'store_unavailable' })
    expect(rw.getTokenCacheStatistics()).toMatchObject({ hits: 1, serving: false, entries: 0 })

    // Restarted empty (no persistence). The record is written once the feed is back, so its change message
    // is certain to arrive, and is awaited: a message landing between the reads below would drop the entry.
    const live = nextChange(store, isLive)
    await server.restart()
    await live
    const after = createTestRecord('restart', 1, { expiresAt: Date.now() + HOUR_MS })
    const savedAfter = nextChange(store, changeOf('restart'))
    await retryUntilSaved(() => other.saveConnection(after, { expectedVersion: null }))
    await savedAfter
    expect(await rw.getAccessToken('restart')).toBe(after.accessToken)
    expect(await rw.getAccessToken('restart')).toBe(after.accessToken)
    expect(rw.getTokenCacheStatistics()).toMatchObject({ serving: true, entries: 1 })
  })
})

/** The other client reconnects on its own schedule; its calls fail fast until then. */
async function retryUntilSaved(save: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      await save()
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  throw new Error('never saved after the restart')
}
