import type { TokenStore } from './token-store'

/**
 * What a store's change feed reports:
 * - `changed`: the instance's record was saved or deleted, by this process or another one;
 * - `live`: the feed is subscribed; every change from now on will be reported;
 * - `lost`: the subscription dropped (e.g. Redis restarted); changes may go unreported until the next `live`.
 *
 * @example
 * ```ts
 * const onChange = (change: StoreChange) => { if (change.type === 'changed') console.log(change.instanceKey) }
 * ```
 */
export type StoreChange =
  | { readonly type: 'changed'; readonly instanceKey: string }
  | { readonly type: 'live' }
  | { readonly type: 'lost' }

/**
 * Optional store capability: a feed of record changes across every process sharing the store (the Redis
 * store's pub/sub channel, the memory store's own writes). An in-process token cache relies on it to drop
 * a token as soon as any process refreshes, disconnects or reconnects the instance.
 *
 * Contract: a change made through this store object is reported before the write's promise settles; a
 * change made elsewhere is reported when its message arrives; `live` is reported once the subscription is
 * active (possibly during the call) and again after every `lost`.
 *
 * @example
 * ```ts
 * if (isChangeFeed(store)) {
 *   const unsubscribe = store.subscribeToChanges((change) => console.log(change.type))
 * }
 * ```
 */
export interface ChangeFeed {
  /** Calls `listener` for every {@link StoreChange}; returns the function that unsubscribes. */
  subscribeToChanges(listener: (change: StoreChange) => void): () => void
}

/**
 * Whether `store` offers the optional {@link ChangeFeed} capability.
 *
 * @example
 * ```ts
 * const feed = isChangeFeed(store) ? store : undefined
 * ```
 */
export function isChangeFeed(store: TokenStore): store is TokenStore & ChangeFeed {
  return typeof (store as Partial<ChangeFeed>).subscribeToChanges === 'function'
}
