import type { ConnectionRecord, RefreshLock, StoredConnectionStatus, TokenStore } from '@rw/oauth-core'

/** A store with a registry's count: what {@link withConnectionCounts} returns. */
export interface ConnectionCountingStore extends TokenStore {
  /** The number of connections in each status (every status present, zeros included). */
  countConnections(): Promise<Record<StoredConnectionStatus, number>>
}

/**
 * The given store plus a registry's `countConnections`, tallied from the real records of `instanceKeys`.
 * For tests of code that reads connection counts (health checks, gauges) on a store without a registry of
 * its own; every other call goes to `store` unchanged.
 *
 * @example
 * ```ts
 * const store = withConnectionCounts(createMemoryTokenStore(), ['desert-broadcasters', 'coastal-fm'])
 * await store.countConnections() // { active: 0, refresh_outcome_unknown: 0, reauthorization_required: 0 }
 * ```
 */
export function withConnectionCounts(store: TokenStore, instanceKeys: readonly string[]): ConnectionCountingStore {
  return Object.assign(Object.create(store) as TokenStore, {
    async countConnections() {
      const counts: Record<StoredConnectionStatus, number> = {
        active: 0,
        refresh_outcome_unknown: 0,
        reauthorization_required: 0,
      }
      const records = await Promise.all(instanceKeys.map((key) => store.getConnection(key)))
      for (const record of records.filter((r): r is ConnectionRecord => r !== null)) counts[record.status]++
      return counts
    },
  })
}

/**
 * Only the `TokenStore` and `RefreshLock` methods of `store` (a lock method only when the store has it),
 * so a test sees how code behaves with a store that has no registry or other optional capability, whatever
 * the store it starts from implements.
 *
 * @example
 * ```ts
 * const plain = withoutOptionalCapabilities(createMemoryTokenStore())
 * 'countConnections' in plain // false
 * ```
 */
export function withoutOptionalCapabilities(store: TokenStore): TokenStore & Partial<RefreshLock> {
  const lock = store as TokenStore & Partial<RefreshLock>
  return {
    getConnection: (instanceKey) => store.getConnection(instanceKey),
    saveConnection: (record, options) => store.saveConnection(record, options),
    deleteConnection: (instanceKey, options) => store.deleteConnection(instanceKey, options),
    savePendingAuthorization: (pending) => store.savePendingAuthorization(pending),
    consumePendingAuthorization: (stateId) => store.consumePendingAuthorization(stateId),
    ...(lock.tryAcquire === undefined || lock.waitForChange === undefined
      ? {}
      : {
          tryAcquire: lock.tryAcquire.bind(store),
          waitForChange: lock.waitForChange.bind(store),
        }),
  }
}
