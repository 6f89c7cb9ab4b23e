import { type ConnectionRegistry, isConnectionRegistry, UsageError } from '@rw/oauth-core'

/** The store as a connection registry (`listConnections`, `countConnections`), or a `UsageError` saying what to do. */
export function requireConnectionRegistry(store: object): ConnectionRegistry {
  if (isConnectionRegistry(store)) return store
  throw new UsageError(
    'connections list | count need the connection registry (store.listConnections), which this store does not have: upgrade @rw/oauth-cli and @rw/oauth-redis together. `rw-oauth keys report` and `rw-oauth repair` scan records without it.',
  )
}
