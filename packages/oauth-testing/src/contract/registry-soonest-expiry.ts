import { type ConnectionRegistry, isConnectionRegistry, type TokenStore } from '@rw/oauth-core'
import { expect, it } from 'vitest'
import { createTestRecord, createUniqueKey } from './contract-fixtures'

/** A registry that has the optional `findSoonestExpiry`. */
export type SoonestExpiryRegistry = TokenStore &
  ConnectionRegistry &
  Required<Pick<ConnectionRegistry, 'findSoonestExpiry'>>

/** Whether `store` is a registry with the optional `findSoonestExpiry`. */
export function canFindSoonestExpiry(store: TokenStore): store is SoonestExpiryRegistry {
  return isConnectionRegistry(store) && typeof store.findSoonestExpiry === 'function'
}

/** Registers the `findSoonestExpiry` tests; called inside the describe block of the store contract. */
export function registerSoonestExpiryContract(getStore: () => SoonestExpiryRegistry): void {
  it('registry: the soonest expiry is null while no connection is active', async () => {
    const store = getStore()
    expect(await store.findSoonestExpiry()).toBeNull()
    const base = createUniqueKey('soonest-none')
    await store.saveConnection(
      createTestRecord(`${base}-1`, 1, { status: 'reauthorization_required', expiresAt: 1_000 }),
      {
        expectedVersion: null,
      },
    )
    await store.saveConnection(
      createTestRecord(`${base}-2`, 1, { status: 'refresh_outcome_unknown', expiresAt: 2_000 }),
      {
        expectedVersion: null,
      },
    )
    expect(await store.findSoonestExpiry()).toBeNull()
  })

  it('registry: the soonest expiry is the earliest active one, to the millisecond, whatever other statuses hold', async () => {
    const store = getStore()
    const base = createUniqueKey('soonest-earliest')
    const records = [
      createTestRecord(`${base}-1`, 1, { expiresAt: 1_900_000_000_002 }),
      createTestRecord(`${base}-2`, 1, { expiresAt: 1_900_000_000_001 }),
      createTestRecord(`${base}-3`, 1, { expiresAt: 1_900_000_000_003 }),
      createTestRecord(`${base}-4`, 1, { status: 'reauthorization_required', expiresAt: 5 }),
      createTestRecord(`${base}-5`, 1, { status: 'refresh_outcome_unknown', expiresAt: 6 }),
    ]
    await Promise.all(records.map((record) => store.saveConnection(record, { expectedVersion: null })))
    expect(await store.findSoonestExpiry()).toBe(1_900_000_000_001)
  })

  it('registry: the soonest expiry follows updates and deletes, and ignores failed writes', async () => {
    const store = getStore()
    const base = createUniqueKey('soonest-follow')
    const [first, second, third] = [`${base}-1`, `${base}-2`, `${base}-3`]
    await store.saveConnection(createTestRecord(first, 1, { expiresAt: 1_000 }), { expectedVersion: null })
    await store.saveConnection(createTestRecord(second, 1, { expiresAt: 2_000 }), { expectedVersion: null })
    await store.saveConnection(createTestRecord(third, 1, { expiresAt: 3_000 }), { expectedVersion: null })
    expect(await store.findSoonestExpiry()).toBe(1_000)

    await store.saveConnection(createTestRecord(first, 2, { expiresAt: 4_000.5 }), { expectedVersion: 1 })
    expect(await store.findSoonestExpiry()).toBe(2_000)
    expect(await store.saveConnection(createTestRecord(third, 8, { expiresAt: 1 }), { expectedVersion: 7 })).toEqual({
      saved: false,
      reason: 'version_conflict',
    })
    await store.saveConnection(createTestRecord(second, 2, { status: 'reauthorization_required' }), {
      expectedVersion: 1,
    })
    expect(await store.findSoonestExpiry()).toBe(3_000)
    await store.deleteConnection(third)
    expect(await store.findSoonestExpiry()).toBe(4_000.5)
    await store.deleteConnection(first)
    expect(await store.findSoonestExpiry()).toBeNull()
  })
}
