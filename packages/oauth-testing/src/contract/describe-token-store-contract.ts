import { isConnectionRegistry, type RefreshLock, type TokenStore } from '@rw/oauth-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestPending, createTestRecord, createUniqueKey } from './contract-fixtures'
import { registerConnectionRegistryContract } from './describe-connection-registry-contract'
import { registerRefreshLockContract } from './describe-refresh-lock-contract'
import { canFindSoonestExpiry, registerSoonestExpiryContract } from './registry-soonest-expiry'
import type { CreateTokenStoreFixture, TokenStoreFixture } from './token-store-fixture'

const CONCURRENCY = 50

/**
 * Registers the vitest suite every {@link TokenStore} (and, when the fixture has one, its
 * {@link RefreshLock}) must pass. `createStore` runs before every test (and once while the
 * suite is collected, to learn whether a lock is provided); `cleanup` after it.
 *
 * When the store is also a `ConnectionRegistry` (it has `listConnections` and `countConnections`),
 * the registry tests run too: listing, filters, paging, cursor stability under concurrent writes, counts,
 * and a fast-check property (the registry equals the records after interleaved writes and deletes); with
 * the optional `findSoonestExpiry`, its tests too (and the property checks it).
 *
 * Decision the suite enforces: `saveConnection` with `record.version !== expectedVersion + 1`
 * (1 for a new record) is a programming error: the promise rejects with an error whose
 * `code` is `'usage_invalid'` (a `UsageError`) and nothing is written.
 *
 * @example
 * ```ts
 * import { describeTokenStoreContract } from '@rw/oauth-testing/contract'
 *
 * describeTokenStoreContract('RedisTokenStore', async () => {
 *   const redis = new Redis()
 *   const store = new RedisTokenStore({ redis, prefix: `test:${crypto.randomUUID()}:` })
 *   // RedisTokenStore is its own RefreshLock, so the lock contract runs too.
 *   return { store, lock: store, cleanup: async () => { await store.close(); await redis.quit() } }
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.5 (single-use state and codes)
 */
export function describeTokenStoreContract(name: string, createStore: CreateTokenStoreFixture): void {
  describe(`TokenStore contract: ${name}`, async () => {
    const probe = await createStore()
    const hasLock = probe.lock !== undefined
    const hasRegistry = isConnectionRegistry(probe.store)
    const hasSoonestExpiry = canFindSoonestExpiry(probe.store)
    await probe.cleanup?.()

    let fixture: TokenStoreFixture | undefined
    const getStore = (): TokenStore => fixture!.store
    beforeEach(async () => {
      fixture = await createStore()
    })
    afterEach(async () => {
      await fixture?.cleanup?.()
      fixture = undefined
    })

    it('returns null for a missing connection', async () => {
      expect(await getStore().getConnection(createUniqueKey('missing'))).toBeNull()
    })

    it('saves a new record with expectedVersion null and reads it back', async () => {
      const record = createTestRecord(createUniqueKey('new'), 1)
      expect(await getStore().saveConnection(record, { expectedVersion: null })).toEqual({ saved: true })
      expect(await getStore().getConnection(record.instanceKey)).toEqual(record)
    })

    it('updates with the current version and rejects a stale version or null on an existing record', async () => {
      const store = getStore()
      const key = createUniqueKey('cas')
      await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })
      expect(await store.saveConnection(createTestRecord(key, 2), { expectedVersion: 1 })).toEqual({ saved: true })
      const conflict = { saved: false, reason: 'version_conflict' }
      expect(
        await store.saveConnection(createTestRecord(key, 1, { accessToken: 'x' }), { expectedVersion: null }),
      ).toEqual(conflict)
      expect(
        await store.saveConnection(createTestRecord(key, 2, { accessToken: 'x' }), { expectedVersion: 1 }),
      ).toEqual(conflict)
      expect(
        await store.saveConnection(createTestRecord(key, 4, { accessToken: 'x' }), { expectedVersion: 3 }),
      ).toEqual(conflict)
      expect(await store.getConnection(key)).toEqual(createTestRecord(key, 2))
    })

    it.each([
      ['a new record whose version is not 1', null, 2],
      ['an update that skips a version', 1, 3],
      ['an update that keeps the version', 1, 1],
    ])('rejects %s with a usage_invalid error and writes nothing', async (_, expectedVersion, version) => {
      const store = getStore()
      const key = createUniqueKey('version')
      if (expectedVersion !== null) await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })
      await expect(
        store.saveConnection(createTestRecord(key, version, { accessToken: 'x' }), { expectedVersion }),
      ).rejects.toMatchObject({ code: 'usage_invalid' })
      expect(await store.getConnection(key)).toEqual(expectedVersion === null ? null : createTestRecord(key, 1))
    })

    it.each([
      ['unicode', 'Радио Пустыня 🎙️ 東京'],
      ['colons', 'tenant:42:instance'],
      ['braces', '{desert}-}{-{'],
      ['a long key', 'k'.repeat(1_000)],
    ])('round-trips every field of a record whose instance key has %s', async (_, label) => {
      const store = getStore()
      const key = `${createUniqueKey('roundtrip')}-${label}`
      const records = [
        createTestRecord(key, 1, { refreshToken: null, lastRefreshAt: null, scopes: [] }),
        createTestRecord(key, 2, {
          status: 'refresh_outcome_unknown',
          accessToken: `rwat_${'a'.repeat(8_000)}`,
          refreshToken: 'rwrt_!#$%&*+-./:<=>?@[]^_`{|}~',
          scopes: ['basic', 'dubbed', 'edit-settings', 'edit-logs'],
          expiresAt: Number.MAX_SAFE_INTEGER,
          obtainedAt: 0,
          lastRefreshAt: 1_700_000_000_123,
        }),
        createTestRecord(key, 3, { status: 'reauthorization_required' }),
      ]
      let expectedVersion: number | null = null
      for (const record of records) {
        expect(await store.saveConnection(record, { expectedVersion })).toEqual({ saved: true })
        expect(await store.getConnection(key)).toEqual(record)
        expectedVersion = record.version
      }
    })

    it('never lets instances whose keys look alike collide', async () => {
      const store = getStore()
      const base = createUniqueKey('collide')
      const keys = [
        base,
        `${base}:a`,
        `${base}{a}`,
        `{${base}}`,
        `${base}}`,
        `${base} `,
        base.toUpperCase(),
        `${base}:a:`,
      ]
      await Promise.all(
        keys.map((key, index) =>
          store.saveConnection(createTestRecord(key, 1, { accessToken: `token-${index}` }), { expectedVersion: null }),
        ),
      )
      for (const [index, key] of keys.entries()) {
        expect(await store.getConnection(key)).toEqual(createTestRecord(key, 1, { accessToken: `token-${index}` }))
      }
      expect(await store.deleteConnection(`${base}:a`)).toBe(true)
      expect(await store.getConnection(base)).not.toBeNull()
      expect(await store.getConnection(`${base}:a:`)).not.toBeNull()
    })

    it('deletes with and without expectedVersion', async () => {
      const store = getStore()
      const key = createUniqueKey('delete')
      expect(await store.deleteConnection(key)).toBe(false)
      await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })
      await store.saveConnection(createTestRecord(key, 2), { expectedVersion: 1 })
      expect(await store.deleteConnection(key, { expectedVersion: 1 })).toBe(false)
      expect(await store.getConnection(key)).toEqual(createTestRecord(key, 2))
      expect(await store.deleteConnection(key, { expectedVersion: 2 })).toBe(true)
      expect(await store.getConnection(key)).toBeNull()
      await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })
      expect(await store.deleteConnection(key)).toBe(true)
      expect(await store.getConnection(key)).toBeNull()
    })

    it('never resurrects a deleted record through a stale compare-and-set', async () => {
      const store = getStore()
      const key = createUniqueKey('resurrect')
      await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })
      await store.saveConnection(createTestRecord(key, 2), { expectedVersion: 1 })
      expect(await store.deleteConnection(key)).toBe(true)
      expect(await store.saveConnection(createTestRecord(key, 3), { expectedVersion: 2 })).toEqual({
        saved: false,
        reason: 'version_conflict',
      })
      expect(await store.getConnection(key)).toBeNull()
    })

    it(`lets exactly one of ${CONCURRENCY} concurrent writers with the same expected version win`, async () => {
      const store = getStore()
      const key = createUniqueKey('race')
      await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })
      const outcomes = await Promise.all(
        Array.from({ length: CONCURRENCY }, (_, index) =>
          store.saveConnection(createTestRecord(key, 2, { accessToken: `writer-${index}` }), { expectedVersion: 1 }),
        ),
      )
      const winners = outcomes.flatMap((outcome, index) => (outcome.saved ? [index] : []))
      expect(winners).toHaveLength(1)
      expect(outcomes.filter((outcome) => !outcome.saved && outcome.reason === 'version_conflict')).toHaveLength(
        CONCURRENCY - 1,
      )
      expect((await store.getConnection(key))?.accessToken).toBe(`writer-${winners[0]}`)
    })

    it(`lets exactly one of ${CONCURRENCY} concurrent creators of a new record win`, async () => {
      const store = getStore()
      const key = createUniqueKey('race-new')
      const outcomes = await Promise.all(
        Array.from({ length: CONCURRENCY }, (_, index) =>
          store.saveConnection(createTestRecord(key, 1, { accessToken: `creator-${index}` }), {
            expectedVersion: null,
          }),
        ),
      )
      expect(outcomes.filter((outcome) => outcome.saved)).toHaveLength(1)
    })

    it('stores a pending authorization and consumes it exactly once', async () => {
      const store = getStore()
      const pending = createTestPending({ codeVerifier: null, returnTo: '/ünïcode?x={y}' })
      await store.savePendingAuthorization(pending)
      expect(await store.consumePendingAuthorization(pending.stateId)).toEqual(pending)
      expect(await store.consumePendingAuthorization(pending.stateId)).toBeNull()
      expect(await store.consumePendingAuthorization(createUniqueKey('unknown-state'))).toBeNull()
    })

    it('keeps pending authorizations of different states apart', async () => {
      const store = getStore()
      const first = createTestPending()
      const second = createTestPending({ instanceKey: 'coastal-fm' })
      await Promise.all([store.savePendingAuthorization(first), store.savePendingAuthorization(second)])
      expect(await store.consumePendingAuthorization(second.stateId)).toEqual(second)
      expect(await store.consumePendingAuthorization(first.stateId)).toEqual(first)
    })

    it(`lets exactly one of ${CONCURRENCY} concurrent consumers of one state win`, async () => {
      const store = getStore()
      const pending = createTestPending()
      await store.savePendingAuthorization(pending)
      const results = await Promise.all(
        Array.from({ length: CONCURRENCY }, () => store.consumePendingAuthorization(pending.stateId)),
      )
      expect(results.filter((result) => result !== null)).toEqual([pending])
    })

    it('never returns a pending authorization whose expiresAt has passed', async () => {
      const store = getStore()
      const now = Date.now()
      const expired = createTestPending({ createdAt: now - 20 * 60 * 1000, expiresAt: now - 1_000 })
      await store.savePendingAuthorization(expired)
      expect(await store.consumePendingAuthorization(expired.stateId)).toBeNull()
    })

    if (hasLock) {
      registerRefreshLockContract(() => ({ store: getStore(), lock: fixture!.lock as RefreshLock }))
    }
    if (hasRegistry) {
      registerConnectionRegistryContract(() => {
        const { store, lock } = fixture!
        if (!isConnectionRegistry(store)) throw new Error('The fixture’s store stopped being a ConnectionRegistry.')
        return { store, lock }
      })
    }
    if (hasSoonestExpiry) {
      registerSoonestExpiryContract(() => {
        const { store } = fixture!
        if (!canFindSoonestExpiry(store)) throw new Error('The fixture’s store stopped having findSoonestExpiry.')
        return store
      })
    }
  })
}
