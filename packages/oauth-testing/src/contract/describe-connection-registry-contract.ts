import type { ConnectionRegistry, RefreshLock, TokenStore } from '@rw/oauth-core'
import { expect, it } from 'vitest'
import { createTestRecord, createUniqueKey } from './contract-fixtures'
import { listEveryConnection, sortByKey, summarizeTestRecord } from './registry-listing'
import { registerRegistryPropertyContract } from './registry-property'

/** What the registry tests need: a store that is also a registry, and its lock when it has one. */
export interface RegistryFixture {
  readonly store: TokenStore & ConnectionRegistry
  readonly lock: RefreshLock | undefined
}

const CONCURRENCY = 30

/** Registers the ConnectionRegistry tests; called inside the describe block of the store contract. */
export function registerConnectionRegistryContract(getFixture: () => RegistryFixture): void {
  it('registry: lists what was saved (keys as they are, never a token) and forgets what was deleted', async () => {
    const { store } = getFixture()
    const base = createUniqueKey('registry')
    const keys = [base, `${base}:a`, `{${base}}`, `${base} Радио 🎙️`]
    const records = keys.map((key, index) => createTestRecord(key, 1, { expiresAt: 1_900_000_000_000 + index }))
    for (const record of records) await store.saveConnection(record, { expectedVersion: null })
    const listed = await listEveryConnection(store, {})
    expect(sortByKey(listed)).toEqual(sortByKey(records.map(summarizeTestRecord)))
    const printed = JSON.stringify(listed)
    for (const record of records) {
      expect(printed).not.toContain(record.accessToken)
      expect(printed).not.toContain(record.refreshToken)
    }
    expect(await store.deleteConnection(`${base}:a`)).toBe(true)
    expect((await listEveryConnection(store, {})).map((summary) => summary.instanceKey).sort()).toEqual(
      keys.filter((key) => key !== `${base}:a`).sort(),
    )
  })

  it('registry: follows every update (status, version, expiry, scopes, last refresh) and ignores failed writes', async () => {
    const { store } = getFixture()
    const key = createUniqueKey('registry-update')
    await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })
    const updated = createTestRecord(key, 2, {
      status: 'refresh_outcome_unknown',
      expiresAt: 1_700_000_000_000,
      scopes: ['basic', 'dubbed'],
      lastRefreshAt: 1_650_000_000_000,
    })
    expect(await store.saveConnection(updated, { expectedVersion: 1 })).toEqual({ saved: true })
    expect(
      await store.saveConnection(createTestRecord(key, 2, { status: 'reauthorization_required' }), {
        expectedVersion: 1,
      }),
    ).toEqual({ saved: false, reason: 'version_conflict' })
    expect(await store.deleteConnection(key, { expectedVersion: 1 })).toBe(false)
    expect(await listEveryConnection(store, {})).toEqual([summarizeTestRecord(updated)])
  })

  it('registry: filters by status and by expiry strictly before, alone and together', async () => {
    const { store } = getFixture()
    const base = createUniqueKey('registry-filter')
    const records = [
      createTestRecord(`${base}-1`, 1, { status: 'active', expiresAt: 1_000 }),
      createTestRecord(`${base}-2`, 1, { status: 'active', expiresAt: 2_000 }),
      createTestRecord(`${base}-3`, 1, { status: 'reauthorization_required', expiresAt: 1_500 }),
      createTestRecord(`${base}-4`, 1, { status: 'refresh_outcome_unknown', expiresAt: 3_000 }),
    ]
    for (const record of records) await store.saveConnection(record, { expectedVersion: null })
    const keysOf = async (query: Parameters<ConnectionRegistry['listConnections']>[0]) =>
      (await listEveryConnection(store, query ?? {})).map((summary) => summary.instanceKey).sort()
    expect(await keysOf({ status: 'active' })).toEqual([`${base}-1`, `${base}-2`])
    expect(await keysOf({ expiresBefore: 2_000 })).toEqual([`${base}-1`, `${base}-3`])
    expect(await keysOf({ status: 'active', expiresBefore: 2_000 })).toEqual([`${base}-1`])
    expect(await keysOf({ status: 'reauthorization_required', expiresBefore: 1_500 })).toEqual([])
    expect(await keysOf({ expiresBefore: 3_001 })).toHaveLength(4)
  })

  it('registry: pages hold at most limit connections and the cursor walks every connection exactly once', async () => {
    const { store } = getFixture()
    const base = createUniqueKey('registry-pages')
    const keys = Array.from({ length: 25 }, (_, index) => `${base}-${index}`)
    await Promise.all(keys.map((key) => store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })))
    for (const limit of [1, 4, 25, 1000]) {
      const listed = await listEveryConnection(store, { limit }, (page) =>
        expect(page.connections.length).toBeLessThanOrEqual(limit),
      )
      expect(listed.map((summary) => summary.instanceKey).sort()).toEqual([...keys].sort())
    }
    expect(await store.listConnections({ limit: 25 })).toMatchObject({ connections: expect.any(Array) })
  })

  it('registry: a connection present for the whole listing is returned although others come, go and change between pages', async () => {
    const { store } = getFixture()
    const base = createUniqueKey('registry-stable')
    const stayers = Array.from({ length: 20 }, (_, index) => `${base}-stay-${index}`)
    const leavers = Array.from({ length: 10 }, (_, index) => `${base}-leave-${index}`)
    for (const key of [...stayers, ...leavers]) {
      await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })
    }
    let written = 0
    const listed = await listEveryConnection(store, { limit: 3 }, async () => {
      const round = written++
      // Between pages: one connection leaves, one arrives, and every stayer is rewritten with a new expiry.
      await store.deleteConnection(leavers[round % leavers.length]!)
      await store.saveConnection(createTestRecord(`${base}-arrive-${round}`, 1), { expectedVersion: null })
      for (const key of stayers) {
        const current = (await store.getConnection(key))!
        const next = createTestRecord(key, current.version + 1, { expiresAt: 1_000 + round * 7 + current.version })
        await store.saveConnection(next, { expectedVersion: current.version })
      }
    })
    const seen = new Set(listed.map((summary) => summary.instanceKey))
    for (const key of stayers) expect(seen.has(key)).toBe(true)
  })

  it('registry: counts connections by status, every status present', async () => {
    const { store } = getFixture()
    expect(await store.countConnections()).toEqual({
      active: 0,
      refresh_outcome_unknown: 0,
      reauthorization_required: 0,
    })
    const base = createUniqueKey('registry-count')
    const statuses = ['active', 'active', 'active', 'reauthorization_required', 'refresh_outcome_unknown'] as const
    await Promise.all(
      statuses.map((status, index) =>
        store.saveConnection(createTestRecord(`${base}-${index}`, 1, { status }), { expectedVersion: null }),
      ),
    )
    await store.deleteConnection(`${base}-0`)
    await store.saveConnection(createTestRecord(`${base}-1`, 2, { status: 'reauthorization_required' }), {
      expectedVersion: 1,
    })
    expect(await store.countConnections()).toEqual({
      active: 1,
      refresh_outcome_unknown: 1,
      reauthorization_required: 2,
    })
  })

  it(`registry: shows the winner of ${CONCURRENCY} concurrent writers with the same expected version`, async () => {
    const { store } = getFixture()
    const key = createUniqueKey('registry-race')
    await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })
    const attempts = Array.from({ length: CONCURRENCY }, (_, index) =>
      createTestRecord(key, 2, { expiresAt: 2_000_000_000_000 + index }),
    )
    const outcomes = await Promise.all(attempts.map((record) => store.saveConnection(record, { expectedVersion: 1 })))
    const winner = attempts[outcomes.findIndex((outcome) => outcome.saved)]!
    expect(await listEveryConnection(store, {})).toEqual([summarizeTestRecord(winner)])
  })

  it('registry: rejects a bad query or a cursor it did not return with a usage_invalid error', async () => {
    const { store } = getFixture()
    for (const query of [{ limit: 0 }, { limit: 1_001 }, { status: 'refreshing' }, { cursor: 'not-a-cursor' }]) {
      await expect(store.listConnections(query as never)).rejects.toMatchObject({ code: 'usage_invalid' })
    }
  })

  registerRegistryPropertyContract(getFixture)
}
