import type {
  ConnectionRecord,
  ConnectionRegistry,
  RefreshLock,
  StoredConnectionStatus,
  TokenStore,
} from '@rw/oauth-core'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { createTestRecord, createUniqueKey } from './contract-fixtures'
import { listEveryConnection, sortByKey, summarizeTestRecord } from './registry-listing'
import { canFindSoonestExpiry } from './registry-soonest-expiry'

const INSTANCES = 4
const LEASE_MS = 30_000

type Operation =
  | { readonly kind: 'create' | 'update' | 'refresh'; readonly instance: number; readonly change: Change }
  | { readonly kind: 'delete' | 'delete_checked'; readonly instance: number }

interface Change {
  readonly status: StoredConnectionStatus
  readonly expiresAt: number
  readonly scopes: readonly string[]
}

const changeArbitrary: fc.Arbitrary<Change> = fc.record({
  status: fc.constantFrom<StoredConnectionStatus>('active', 'refresh_outcome_unknown', 'reauthorization_required'),
  expiresAt: fc.integer({ min: 0, max: 5_000 }),
  scopes: fc.subarray(['basic', 'dubbed', 'edit-logs', 'edit-settings']),
})

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('create' as const, 'update' as const, 'refresh' as const),
    instance: fc.nat(INSTANCES - 1),
    change: changeArbitrary,
  }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'delete_checked' as const), instance: fc.nat(INSTANCES - 1) }),
)

/** Rounds of operations; the operations of one round run concurrently and interleave at every await. */
const roundsArbitrary = fc.array(fc.array(operationArbitrary, { minLength: 1, maxLength: 8 }), {
  minLength: 1,
  maxLength: 4,
})

/**
 * Property: after any interleaving of creates, compare-and-set updates, lease-checked refreshes and
 * (version-checked) deletes, the registry lists and counts exactly what the records say (and, when the store
 * has `findSoonestExpiry`, finds the earliest expiry among the active records).
 */
export function registerRegistryPropertyContract(
  getFixture: () => { store: TokenStore & ConnectionRegistry; lock: RefreshLock | undefined },
): void {
  it('registry: equals what the records say after concurrent creates, updates, refreshes and deletes (property)', async () => {
    const { store, lock } = getFixture()
    const everyKey = new Set<string>()
    await fc.assert(
      fc.asyncProperty(roundsArbitrary, async (rounds) => {
        const keys = Array.from({ length: INSTANCES }, (_, index) => createUniqueKey(`registry-property-${index}`))
        for (const key of keys) everyKey.add(key)
        for (const round of rounds) {
          await Promise.all(round.map((operation) => perform(store, lock, keys[operation.instance]!, operation)))
        }
        const records = (await Promise.all([...everyKey].map((key) => store.getConnection(key)))).filter(
          (record) => record !== null,
        )
        const listed = await listEveryConnection(store, { limit: 3 })
        expect(sortByKey(listed)).toEqual(sortByKey(records.map(summarizeTestRecord)))
        const counts = { active: 0, refresh_outcome_unknown: 0, reauthorization_required: 0 }
        for (const record of records) counts[record.status]++
        expect(await store.countConnections()).toEqual(counts)
        if (canFindSoonestExpiry(store)) expect(await store.findSoonestExpiry()).toBe(findSoonestActive(records))
      }),
      { numRuns: 15 },
    )
  }, 60_000)
}

function findSoonestActive(records: readonly ConnectionRecord[]): number | null {
  const active = records.filter((record) => record.status === 'active').map((record) => record.expiresAt)
  return active.length === 0 ? null : Math.min(...active)
}

async function perform(store: TokenStore, lock: RefreshLock | undefined, key: string, operation: Operation) {
  switch (operation.kind) {
    case 'create':
      return store.saveConnection(createTestRecord(key, 1, operation.change), { expectedVersion: null })
    case 'update': {
      const current = await store.getConnection(key)
      if (current === null) return
      return store.saveConnection(createTestRecord(key, current.version + 1, operation.change), {
        expectedVersion: current.version,
      })
    }
    case 'refresh': {
      const lease = lock === undefined ? undefined : await lock.tryAcquire(key, LEASE_MS)
      if (lease === null) return
      try {
        const current = await store.getConnection(key)
        if (current === null) return
        const refreshed = createTestRecord(key, current.version + 1, { ...operation.change, lastRefreshAt: 4_000 })
        return await store.saveConnection(refreshed, { expectedVersion: current.version, lease })
      } finally {
        await lease?.release()
      }
    }
    case 'delete':
      return store.deleteConnection(key)
    case 'delete_checked': {
      const current = await store.getConnection(key)
      if (current === null) return
      return store.deleteConnection(key, { expectedVersion: current.version })
    }
  }
}
