import {
  type ConnectionCounts,
  type ConnectionQuery,
  type ExpiryPolicy,
  isConnectionRegistry,
  type TokenStore,
  UsageError,
} from '@rw/oauth-core'
import { describeConnection } from './connection-info'
import type { ConnectionInfoPage } from './radio-workflow-types'

/** What `rw.listConnections` needs from the client. */
export interface ConnectionListingContext {
  readonly store: TokenStore
  readonly now: () => number
  readonly expiryPolicy: ExpiryPolicy
}

/** `rw.listConnections`: the store's registry page, each connection with its expiry class. */
export async function listConnections(
  { store, now, expiryPolicy }: ConnectionListingContext,
  query?: ConnectionQuery,
): Promise<ConnectionInfoPage> {
  const registry = requireRegistry(store, 'listConnections')
  const page = await registry.listConnections(query)
  const at = now()
  return {
    connections: page.connections.map((summary) => describeConnection(summary, at, expiryPolicy)),
    cursor: page.cursor,
  }
}

/** `rw.countConnections`: the store's counts per status. */
export async function countConnections(store: TokenStore): Promise<ConnectionCounts> {
  return requireRegistry(store, 'countConnections').countConnections()
}

function requireRegistry(store: TokenStore, method: string) {
  if (isConnectionRegistry(store)) return store
  throw new UsageError(
    `rw.${method} needs a store that keeps a connection registry (listConnections and countConnections), ` +
      'like the default in-memory store or RedisTokenStore; the configured store has none. Implement ConnectionRegistry on your store, or use one of those.',
  )
}
