import { inspect } from 'node:util'
import { ConfigurationError, StoreError, UsageError } from '@rw/oauth-core'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { createTestRecord } from './support/connection-record-fixture'
import { createTestPrefix, deleteKeysWithPrefix, listKeysWithPrefix } from './support/test-prefix'

const KEY = Buffer.alloc(32, 7).toString('base64')
const prefix = createTestPrefix('store')
let redis: Redis
let store: RedisTokenStore
let other: RedisTokenStore

beforeAll(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379 })
  store = new RedisTokenStore({ redis, prefix, encryption: { keys: [{ id: 'k1', key: KEY }] } })
  other = new RedisTokenStore({ redis: redis.duplicate(), prefix, encryption: { keys: [{ id: 'k1', key: KEY }] } })
})

afterAll(async () => {
  await store.close()
  await other.close()
  await deleteKeysWithPrefix(redis, prefix)
  redis.disconnect()
})

describe('compare-and-set writes', () => {
  it('saves a new record only when none exists and then only on the expected version', async () => {
    const first = createTestRecord('cas', 1)
    expect(await store.saveConnection(first, { expectedVersion: null })).toEqual({ saved: true })
    expect(await store.saveConnection(createTestRecord('cas', 1), { expectedVersion: null })).toEqual({
      saved: false,
      reason: 'version_conflict',
    })
    const second = createTestRecord('cas', 2)
    expect(await other.saveConnection(second, { expectedVersion: 1 })).toEqual({ saved: true })
    expect(await store.saveConnection(createTestRecord('cas', 2), { expectedVersion: 1 })).toEqual({
      saved: false,
      reason: 'version_conflict',
    })
    expect((await store.getConnection('cas'))?.accessToken).toBe(second.accessToken)
  })

  it('rejects a record whose version is not expectedVersion + 1', async () => {
    await expect(store.saveConnection(createTestRecord('bad-version', 3), { expectedVersion: 1 })).rejects.toThrow(
      UsageError,
    )
  })

  it('a lease holder whose lease was taken over cannot overwrite newer tokens', async () => {
    await store.saveConnection(createTestRecord('stale', 1), { expectedVersion: null })
    const stale = await store.tryAcquire('stale', 50)
    expect(stale).not.toBeNull()
    await waitUntil(async () => (await redis.exists(await lockKeyOf('stale'))) === 0)
    const fresh = await other.tryAcquire('stale', 10_000)
    expect(fresh).not.toBeNull()
    expect(await store.saveConnection(createTestRecord('stale', 2), { expectedVersion: 1, lease: stale! })).toEqual({
      saved: false,
      reason: 'lock_lost',
    })
    expect(await other.saveConnection(createTestRecord('stale', 2), { expectedVersion: 1, lease: fresh! })).toEqual({
      saved: true,
    })
    await fresh!.release()
  })

  it('a refresh in flight cannot resurrect a deleted record, even after the instance reconnects', async () => {
    await store.saveConnection(createTestRecord('resurrect', 1), { expectedVersion: null })
    const lease = await store.tryAcquire('resurrect', 10_000)
    expect(await other.deleteConnection('resurrect')).toBe(true)
    expect(await store.saveConnection(createTestRecord('resurrect', 2), { expectedVersion: 1, lease: lease! })).toEqual(
      { saved: false, reason: 'version_conflict' },
    )
    const reconnected = createTestRecord('resurrect', 1)
    expect(await other.saveConnection(reconnected, { expectedVersion: null })).toEqual({ saved: true })
    // Same version number as before the delete: only the generation tells the two apart.
    expect(await store.saveConnection(createTestRecord('resurrect', 2), { expectedVersion: 1, lease: lease! })).toEqual(
      { saved: false, reason: 'version_conflict' },
    )
    expect((await store.getConnection('resurrect'))?.accessToken).toBe(reconnected.accessToken)
    await lease!.release()
  })

  it('reports a delete during an expired lease as a conflict, so no version-only retry follows', async () => {
    await store.saveConnection(createTestRecord('resurrect-late', 1), { expectedVersion: null })
    const lease = await store.tryAcquire('resurrect-late', 50)
    expect(await other.deleteConnection('resurrect-late')).toBe(true)
    await other.saveConnection(createTestRecord('resurrect-late', 1), { expectedVersion: null })
    await waitUntil(async () => (await redis.exists(await lockKeyOf('resurrect-late'))) === 0)
    expect(
      await store.saveConnection(createTestRecord('resurrect-late', 2), { expectedVersion: 1, lease: lease! }),
    ).toEqual({ saved: false, reason: 'version_conflict' })
  })

  it('deletes only on the expected version when one is given', async () => {
    await store.saveConnection(createTestRecord('delete', 1), { expectedVersion: null })
    expect(await store.deleteConnection('delete', { expectedVersion: 2 })).toBe(false)
    expect(await store.getConnection('delete')).not.toBeNull()
    expect(await store.deleteConnection('delete', { expectedVersion: 1 })).toBe(true)
    expect(await store.getConnection('delete')).toBeNull()
    expect(await store.deleteConnection('delete')).toBe(false)
  })

  it('rejects a lease from another instance', async () => {
    const lease = await store.tryAcquire('lease-a', 10_000)
    await expect(
      store.saveConnection(createTestRecord('lease-b', 1), { expectedVersion: null, lease: lease! }),
    ).rejects.toThrow(UsageError)
    await lease!.release()
  })
})

describe('decoded-record cache', () => {
  it('serves an unchanged stored value from memory, counts it, and decodes a value another store wrote', async () => {
    const before = store.recordCacheStatistics!
    await other.saveConnection(createTestRecord('cached', 1), { expectedVersion: null })
    const first = await store.getConnection('cached')
    expect(await store.getConnection('cached')).toBe(first)
    const second = createTestRecord('cached', 2)
    await other.saveConnection(second, { expectedVersion: 1 })
    expect((await store.getConnection('cached'))?.accessToken).toBe(second.accessToken)
    const after = store.recordCacheStatistics!
    expect(after.hits - before.hits).toBe(1)
    expect(after.misses - before.misses).toBe(2)
    expect(after.bytes).toBeGreaterThan(before.bytes)
  })

  it('is off with recordCacheMaxBytes: 0', async () => {
    const uncached = new RedisTokenStore({
      redis,
      prefix,
      recordCacheMaxBytes: 0,
      encryption: { keys: [{ id: 'k1', key: KEY }] },
    })
    try {
      await store.saveConnection(createTestRecord('uncached', 1), { expectedVersion: null })
      const first = await uncached.getConnection('uncached')
      expect(await uncached.getConnection('uncached')).not.toBe(first)
      expect(uncached.recordCacheStatistics).toBeUndefined()
    } finally {
      await uncached.close()
    }
  })
})

describe('refresh lock', () => {
  it('has one owner at a time and a non-owner release leaves the owner’s lock intact', async () => {
    const owner = await store.tryAcquire('lock', 10_000)
    expect(owner).not.toBeNull()
    expect(await other.tryAcquire('lock', 10_000)).toBeNull()
    const lockKey = await lockKeyOf('lock')
    await redis.set(lockKey, 'someone-else', 'PX', 10_000)
    await owner!.release()
    expect(await redis.get(lockKey)).toBe('someone-else')
    expect(await owner!.extend(10_000)).toBe(false)
    await redis.del(lockKey)
  })

  it('extends only its own lease', async () => {
    const lease = await store.tryAcquire('extend', 1_000)
    expect(await lease!.extend(60_000)).toBe(true)
    expect(await redis.pttl(await lockKeyOf('extend'))).toBeGreaterThan(30_000)
    await lease!.release()
    expect(await redis.exists(await lockKeyOf('extend'))).toBe(0)
  })

  it('never shows the owner token in inspect or JSON output', async () => {
    const lease = await store.tryAcquire('print', 10_000)
    expect(inspect(lease, { depth: 5 })).not.toContain(lease!.owner)
    expect(JSON.stringify(lease)).not.toContain(lease!.owner)
    await lease!.release()
  })

  it('rejects invalid leases', async () => {
    await expect(store.tryAcquire('lease', 0)).rejects.toThrow(UsageError)
    await expect(store.tryAcquire('lease', 1.5)).rejects.toThrow(UsageError)
  })
})

// Waits use a timeout far beyond the test's: a waiter that is not woken fails the test instead of passing
// at its own timeout.
const NEVER_MS = 3_600_000

describe('waitForChange', () => {
  it('wakes a waiter in another store on release', async () => {
    const lease = await store.tryAcquire('wake', 30_000)
    const woken = other.waitForChange('wake', NEVER_MS)
    await waitUntil(async () => Number((await redis.pubsub('NUMSUB', await channelOf('wake')))[1]) === 1)
    await lease!.release()
    await woken
  })

  it('wakes a waiter on a record write', async () => {
    const lease = await store.tryAcquire('wake-write', 30_000)
    const woken = other.waitForChange('wake-write', NEVER_MS)
    await waitUntil(async () => Number((await redis.pubsub('NUMSUB', await channelOf('wake-write')))[1]) === 1)
    await store.saveConnection(createTestRecord('wake-write', 1), { expectedVersion: null, lease: lease! })
    await woken
    await lease!.release()
  })

  it('resolves at once when the lock was released before the subscription was active', async () => {
    const lease = await store.tryAcquire('missed', 30_000)
    await lease!.release()
    await other.waitForChange('missed', NEVER_MS)
  })

  it('is bounded by its timeout when no message comes', async () => {
    const lease = await store.tryAcquire('bounded', 30_000)
    await other.waitForChange('bounded', 50)
    await lease!.release()
  })

  it('rejects with the abort reason', async () => {
    const lease = await store.tryAcquire('abort', 30_000)
    const controller = new AbortController()
    const waiting = other.waitForChange('abort', 20_000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(waiting).rejects.toThrow('stop')
    await lease!.release()
  })
})

describe('pending authorizations', () => {
  const pending = (stateId: string, expiresAt = Date.now() + 600_000) => ({
    stateId,
    state: `state-${stateId}`,
    bindingHash: 'binding-hash',
    codeVerifier: `verifier-${stateId}-secret`,
    instanceKey: 'desert',
    scopes: ['basic'],
    returnTo: '/',
    redirectUri: 'https://partner.example/callback',
    createdAt: Date.now(),
    expiresAt,
  })

  it('is consumed exactly once across concurrent consumers', async () => {
    await store.savePendingAuthorization(pending('once'))
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 ? store : other).consumePendingAuthorization('once')),
    )
    expect(results.filter((result) => result !== null)).toHaveLength(1)
    expect(results.find((result) => result !== null)?.codeVerifier).toBe('verifier-once-secret')
  })

  it('expires with a TTL', async () => {
    await store.savePendingAuthorization(pending('ttl', Date.now() + 60_000))
    const [key] = (await listKeysWithPrefix(redis, prefix)).filter((k) => k.includes(':pending:'))
    const ttl = await redis.pttl(key!)
    expect(ttl).toBeGreaterThan(50_000)
    expect(ttl).toBeLessThanOrEqual(60_000)
    await store.consumePendingAuthorization('ttl')
  })

  it('stores nothing for an already expired authorization', async () => {
    await store.savePendingAuthorization(pending('expired', Date.now() - 1))
    expect(await store.consumePendingAuthorization('expired')).toBeNull()
  })
})

describe('keys', () => {
  it('keeps ids with separators, braces, unicode and long strings apart in one hash tag each', async () => {
    const ids = ['a:b', 'a', 'a}b', '{a}', 'ü', 'u\u0308', '📻'.repeat(500), 'x'.repeat(10_000)]
    for (const id of ids) await store.saveConnection(createTestRecord(id, 1), { expectedVersion: null })
    for (const id of ids) expect((await store.getConnection(id))?.instanceKey).toBe(id)
    const keys = (await listKeysWithPrefix(redis, `${prefix}v1:{`)).filter((key) => key.endsWith(':connection'))
    for (const key of keys) {
      const tag = key.slice(key.indexOf('{') + 1, key.indexOf('}'))
      expect(tag).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(key.slice(key.indexOf('}') + 1)).toBe(':connection')
    }
  })

  it('rejects empty and malformed ids', async () => {
    await expect(store.getConnection('')).rejects.toThrow(UsageError)
    await expect(store.tryAcquire('\uD800', 1000)).rejects.toThrow(UsageError)
    await expect(store.consumePendingAuthorization('')).rejects.toThrow(UsageError)
  })
})

describe('configuration', () => {
  it('never prints key material or the client', () => {
    const printed = [inspect(store, { depth: 10 }), JSON.stringify(store), String(store)].join('\n')
    expect(printed).not.toContain(KEY)
    expect(printed).not.toContain(Buffer.from(KEY, 'base64').toString('hex'))
  })

  it('fails at construction with a message naming what to fix', () => {
    expect(() => new RedisTokenStore({ redis, prefix: 'a{b' })).toThrow(/prefix/)
    expect(() => new RedisTokenStore({ redis: {} as Redis })).toThrow(ConfigurationError)
    expect(() => new RedisTokenStore({ redis, encryption: { keys: [{ id: 'k1', key: 'c2hvcnQ=' }] } })).toThrow(
      /32 random bytes/,
    )
    expect(
      () =>
        new RedisTokenStore({
          redis,
          encryption: {
            keys: [
              { id: 'k1', key: KEY },
              { id: 'k1', key: KEY },
            ],
          },
        }),
    ).toThrow(/unique/)
  })
})

describe('scripts', () => {
  it('survive SCRIPT FLUSH', async () => {
    await store.saveConnection(createTestRecord('flush', 1), { expectedVersion: null })
    await redis.script('FLUSH')
    expect(await store.saveConnection(createTestRecord('flush', 2), { expectedVersion: 1 })).toEqual({ saved: true })
    const lease = await store.tryAcquire('flush', 10_000)
    await redis.script('FLUSH')
    expect(await lease!.extend(10_000)).toBe(true)
    await redis.script('FLUSH')
    await lease!.release()
    expect(await redis.exists(await lockKeyOf('flush'))).toBe(0)
    await redis.script('FLUSH')
    expect(await store.deleteConnection('flush', { expectedVersion: 2 })).toBe(true)
  })

  it('a corrupted stored value is a typed error, never "not connected"', async () => {
    await store.saveConnection(createTestRecord('garbage', 1), { expectedVersion: null })
    const key = (await listKeysWithPrefix(redis, prefix)).find(
      (k) => k.endsWith(':connection') && k.includes(encode('garbage')),
    )
    await redis.set(key!, 'not a record')
    await expect(store.getConnection('garbage')).rejects.toMatchObject({ code: 'store_corrupted' })
    await expect(store.saveConnection(createTestRecord('garbage', 2), { expectedVersion: 1 })).rejects.toBeInstanceOf(
      StoreError,
    )
  })
})

function encode(id: string): string {
  return Buffer.from(id).toString('base64url')
}

async function lockKeyOf(instanceKey: string): Promise<string> {
  return `${store.keyPrefix}{${encode(instanceKey)}}:lock`
}

async function channelOf(instanceKey: string): Promise<string> {
  return `${store.keyPrefix}{${encode(instanceKey)}}:changed`
}

async function waitUntil(condition: () => Promise<boolean>, attempts = 400): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('condition not reached')
}
