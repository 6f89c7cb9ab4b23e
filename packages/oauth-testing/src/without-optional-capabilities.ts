import type { RefreshLock, TokenStore } from '@rw/oauth-core'

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
