import {
  type ChangeFeed,
  ConfigurationError,
  type ConnectionRecord,
  classifyExpiry,
  type ExpiryPolicy,
  isChangeFeed,
  type StoreChange,
  type TokenStore,
} from '@rw/oauth-core'

/**
 * Option `cache` of `createRadioWorkflow`: serve fresh access tokens from process memory.
 *
 * @example
 * ```ts
 * const rw = createRadioWorkflow({ ...config, store, cache: { maxEntries: 10_000 } })
 * ```
 */
export interface TokenCacheOptions {
  /** Instances whose tokens are kept (least recently used dropped first). Default 10 000; about 1 KB each. */
  readonly maxEntries?: number
}

/**
 * Counters of the in-process token cache (`rw.getTokenCacheStatistics()`).
 *
 * @example
 * ```ts
 * const stats = rw.getTokenCacheStatistics()
 * if (stats) console.log(`hit rate ${(stats.hits / (stats.hits + stats.misses)).toFixed(3)}`)
 * ```
 */
export interface TokenCacheStatistics {
  readonly hits: number
  readonly misses: number
  readonly entries: number
  /** `false` while the store's change feed is not subscribed: every call then reads the store. */
  readonly serving: boolean
}

/**
 * Default `cache.maxEntries` of `createRadioWorkflow`.
 *
 * @example
 * ```ts
 * createRadioWorkflow({ ...config, store, cache: { maxEntries: DEFAULT_TOKEN_CACHE_ENTRIES * 10 } })
 * ```
 */
export const DEFAULT_TOKEN_CACHE_ENTRIES = 10_000

/**
 * Fresh records by instance, trusted only while the store's change feed is live. Every change (any
 * process) drops its instance; a lost feed drops everything and stops serving until the feed is live
 * again, because changes in between went unreported. An entry is served only while its token is
 * `fresh`, so a cached token is never served inside its refresh window.
 *
 * A read that was in flight when any change arrived is not cached (`remember` compares the change
 * count taken before the read): the read may have returned the value the change replaced.
 */
export class TokenCache {
  readonly #entries: SecondChanceMap
  readonly #now: () => number
  readonly #expiryPolicy: ExpiryPolicy
  readonly #unsubscribe: () => void
  #serving = false
  #changes = 0
  #hits = 0
  #misses = 0

  constructor(feed: ChangeFeed, options: TokenCacheOptions, now: () => number, expiryPolicy: ExpiryPolicy) {
    this.#entries = new SecondChanceMap(validateMaxEntries(options))
    this.#now = now
    this.#expiryPolicy = expiryPolicy
    this.#unsubscribe = feed.subscribeToChanges((change) => this.#apply(change))
  }

  /** The cached record when it may be served as is (active, fresh, feed live), counted as a hit. */
  find(instanceKey: string): ConnectionRecord | undefined {
    if (this.#serving) {
      const entry = this.#entries.get(instanceKey)
      // `freshUntil` is where classifyExpiry turns `due` for this process, computed once on remember.
      if (entry !== undefined && this.#now() < entry.freshUntil) {
        this.#hits++
        return entry.record
      }
    }
    this.#misses++
    return undefined
  }

  /** Changes seen so far: take it before reading the store, pass it to `remember` after. */
  get changeCount(): number {
    return this.#changes
  }

  remember(record: ConnectionRecord, changeCountBeforeRead: number): void {
    if (!this.#serving || changeCountBeforeRead !== this.#changes || record.status !== 'active') return
    if (classifyExpiry(record.expiresAt, this.#now(), this.#expiryPolicy) !== 'fresh') return
    const { refreshWindowMs, refreshJitterMs, jitterFraction } = this.#expiryPolicy
    const freshUntil = record.expiresAt - (refreshWindowMs + jitterFraction * refreshJitterMs)
    this.#entries.set(record.instanceKey, { record, freshUntil, hit: false })
  }

  forget(instanceKey: string): void {
    this.#changes++
    this.#entries.delete(instanceKey)
  }

  get statistics(): TokenCacheStatistics {
    return { hits: this.#hits, misses: this.#misses, entries: this.#entries.size, serving: this.#serving }
  }

  close(): void {
    this.#serving = false
    this.#entries.clear()
    this.#unsubscribe()
  }

  #apply(change: StoreChange): void {
    this.#changes++
    if (change.type === 'changed') {
      this.#entries.delete(change.instanceKey)
    } else {
      this.#serving = change.type === 'live'
      this.#entries.clear()
    }
  }
}

interface CachedToken {
  readonly record: ConnectionRecord
  /** Epoch ms from which the token is `due` for this process (never served from then on). */
  readonly freshUntil: number
  hit: boolean
}

/**
 * A `Map` bounded to `max` entries, evicting by CLOCK (second chance): a hit only marks its entry; when full,
 * the oldest unmarked entry goes and marked ones are moved behind the others, unmarked. Hand-written rather
 * than `lru-cache`: that package references `process` and a `node:` module, which this runtime-neutral
 * package must not (the compat check bundles it for non-Node runtimes), and a hit here is cheaper (one flag).
 */
class SecondChanceMap {
  readonly #entries = new Map<string, CachedToken>()
  readonly #max: number

  constructor(max: number) {
    this.#max = max
  }

  get size(): number {
    return this.#entries.size
  }

  get(key: string): CachedToken | undefined {
    const entry = this.#entries.get(key)
    if (entry !== undefined) entry.hit = true
    return entry
  }

  set(key: string, entry: CachedToken): void {
    this.#entries.delete(key)
    while (this.#entries.size >= this.#max) this.#evictOne()
    this.#entries.set(key, entry)
  }

  delete(key: string): void {
    this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }

  #evictOne(): void {
    for (const [key, entry] of this.#entries) {
      this.#entries.delete(key)
      if (!entry.hit) return
      entry.hit = false
      this.#entries.set(key, entry)
    }
  }
}

function validateMaxEntries({ maxEntries = DEFAULT_TOKEN_CACHE_ENTRIES }: TokenCacheOptions): number {
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new ConfigurationError('cache.maxEntries', `cache.maxEntries must be a whole number ≥ 1 (got ${maxEntries}).`)
  }
  return maxEntries
}

/** The cache `options.cache` asks for, or `undefined`; the store must offer a change feed to invalidate it. */
export function createTokenCache(
  store: TokenStore,
  options: TokenCacheOptions | undefined,
  now: () => number,
  expiryPolicy: ExpiryPolicy,
): TokenCache | undefined {
  if (options === undefined) return undefined
  if (!isChangeFeed(store)) {
    throw new ConfigurationError(
      'cache',
      'cache needs a store with a change feed (subscribeToChanges), such as RedisTokenStore or the memory store: without one a cached token could outlive a refresh or disconnect in another process.',
    )
  }
  return new TokenCache(store, options, now, expiryPolicy)
}
