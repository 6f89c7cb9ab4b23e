import {
  ConfigurationError,
  type ConnectionRecord,
  createRedactedConnectionRecord,
  type TokenStore,
} from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import { createMemoryTokenStore } from './memory-token-store'
import { createTokenCache, TokenCache } from './token-cache'

const HOUR = 3_600_000
const policy = { refreshWindowMs: 300_000, refreshJitterMs: 0, jitterFraction: 0 }

function makeRecord(instanceKey: string, version: number, expiresAt: number): ConnectionRecord {
  return createRedactedConnectionRecord({
    instanceKey,
    version,
    status: 'active',
    accessToken: `access-${instanceKey}-${version}`,
    refreshToken: `refresh-${version}`,
    tokenType: 'Bearer',
    scopes: ['basic'],
    expiresAt,
    obtainedAt: 0,
    lastRefreshAt: null,
  })
}

/** The memory store as the feed, plus a way to report a lost and a restored subscription. */
function createFeedWithOutages() {
  const store = createMemoryTokenStore()
  const outageListeners = new Set<(change: { type: 'live' } | { type: 'lost' }) => void>()
  const feed = {
    subscribeToChanges(listener: Parameters<typeof store.subscribeToChanges>[0]) {
      outageListeners.add(listener)
      const unsubscribe = store.subscribeToChanges(listener)
      return () => {
        outageListeners.delete(listener)
        unsubscribe()
      }
    },
  }
  const report = (type: 'live' | 'lost') => {
    for (const listener of outageListeners) listener({ type })
  }
  return { store, feed, report }
}

describe('TokenCache', () => {
  it('serves a remembered fresh record until the store reports a change to it', async () => {
    const { store, feed } = createFeedWithOutages()
    const cache = new TokenCache(feed, {}, () => 0, policy)
    const record = makeRecord('a', 1, HOUR)
    cache.remember(record, cache.changeCount)
    cache.remember(makeRecord('b', 1, HOUR), cache.changeCount)
    expect(cache.find('a')).toBe(record)
    await store.saveConnection(makeRecord('a', 1, HOUR), { expectedVersion: null })
    expect(cache.find('a')).toBeUndefined()
    expect(cache.find('b')?.version).toBe(1)
    expect(cache.statistics).toEqual({ hits: 2, misses: 1, entries: 1, serving: true })
  })

  it('never serves a token inside its refresh window', () => {
    let now = 0
    const cache = new TokenCache(createFeedWithOutages().feed, {}, () => now, policy)
    cache.remember(makeRecord('a', 1, HOUR), cache.changeCount)
    now = HOUR - policy.refreshWindowMs - 1
    expect(cache.find('a')).toBeDefined()
    now += 1
    expect(cache.find('a')).toBeUndefined()
    cache.remember(makeRecord('a', 2, HOUR), cache.changeCount)
    expect(cache.find('a')).toBeUndefined()
  })

  it('does not cache what a read returned when a change arrived while it was in flight', async () => {
    const { store, feed } = createFeedWithOutages()
    const cache = new TokenCache(feed, {}, () => 0, policy)
    const before = cache.changeCount
    await store.deleteConnection('a')
    await store.saveConnection(makeRecord('a', 1, HOUR), { expectedVersion: null })
    cache.remember(makeRecord('a', 9, HOUR), before)
    expect(cache.find('a')).toBeUndefined()
  })

  it('stops serving when the feed is lost and serves again only what is read after it is live again', () => {
    const { feed, report } = createFeedWithOutages()
    const cache = new TokenCache(feed, {}, () => 0, policy)
    cache.remember(makeRecord('a', 1, HOUR), cache.changeCount)
    report('lost')
    expect(cache.find('a')).toBeUndefined()
    cache.remember(makeRecord('a', 1, HOUR), cache.changeCount)
    expect(cache.statistics).toMatchObject({ serving: false, entries: 0 })
    const beforeLive = cache.changeCount
    report('live')
    expect(cache.find('a')).toBeUndefined()
    cache.remember(makeRecord('a', 1, HOUR), beforeLive)
    expect(cache.find('a')).toBeUndefined()
    cache.remember(makeRecord('a', 1, HOUR), cache.changeCount)
    expect(cache.find('a')?.version).toBe(1)
  })

  it('keeps at most maxEntries, never a non-active record, and unsubscribes on close', async () => {
    const { store, feed } = createFeedWithOutages()
    const cache = new TokenCache(feed, { maxEntries: 2 }, () => 0, policy)
    for (const key of ['a', 'b', 'c']) cache.remember(makeRecord(key, 1, HOUR), cache.changeCount)
    cache.remember({ ...makeRecord('d', 1, HOUR), status: 'refresh_outcome_unknown' }, cache.changeCount)
    expect(cache.statistics.entries).toBe(2)
    expect(cache.find('a')).toBeUndefined()
    expect(cache.find('d')).toBeUndefined()
    cache.close()
    const count = cache.changeCount
    await store.saveConnection(makeRecord('c', 1, HOUR), { expectedVersion: null })
    expect(cache.changeCount).toBe(count)
    expect(cache.find('c')).toBeUndefined()
  })

  it('rejects a bad maxEntries and a store without a change feed with a ConfigurationError', () => {
    const store = createMemoryTokenStore()
    expect(() => createTokenCache(store, { maxEntries: 0 }, Date.now, policy)).toThrow(/cache.maxEntries/)
    const { subscribeToChanges: _feed, ...withoutFeed } = store
    expect(() => createTokenCache(withoutFeed as TokenStore, {}, Date.now, policy)).toThrow(ConfigurationError)
    expect(createTokenCache(store, undefined, Date.now, policy)).toBeUndefined()
  })
})

describe('TokenCache eviction', () => {
  it('keeps entries that were hit and drops one that was not when full', () => {
    const cache = new TokenCache(createMemoryTokenStore(), { maxEntries: 3 }, () => 0, policy)
    for (const key of ['a', 'b', 'c']) cache.remember(makeRecord(key, 1, HOUR), cache.changeCount)
    cache.find('a')
    cache.find('c')
    cache.remember(makeRecord('d', 1, HOUR), cache.changeCount)
    expect(cache.find('b')).toBeUndefined()
    for (const key of ['a', 'c', 'd']) expect(cache.find(key)?.instanceKey).toBe(key)
  })
})
