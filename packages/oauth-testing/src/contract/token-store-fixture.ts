import type { RefreshLock, TokenStore } from '@rw/oauth-core'

/** What a contract suite needs from the store under test; created fresh for every test. */
export interface TokenStoreFixture {
  readonly store: TokenStore
  /** The store's refresh lock; when given, the lock contract runs too (and lease-checked saves). */
  readonly lock?: RefreshLock
  /** Closes connections and deletes what the test wrote. */
  readonly cleanup?: () => Promise<void>
}

export type CreateTokenStoreFixture = () => Promise<TokenStoreFixture>
