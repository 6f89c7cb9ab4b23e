import { UsageError } from '@rw/oauth-core'

/**
 * A connection as the store's registry lists it (no tokens).
 *
 * @example
 * ```ts
 * const { connections } = await store.listConnections({ status: 'reauthorization_required' })
 * for (const summary of connections) console.log(summary.instanceKey, new Date(summary.expiresAt))
 * ```
 */
export interface ConnectionSummary {
  readonly instanceKey: string
  readonly status: string
  readonly version: number
  readonly expiresAt: number
  readonly scopes: readonly string[]
  readonly obtainedAt: number
  readonly lastRefreshAt: number | null
}

/**
 * Filters and paging of a registry listing (`cursor` from the previous page, `null` to start).
 *
 * @example
 * ```ts
 * const query: ListConnectionsQuery = { expiresBefore: Date.now() + 3_600_000, limit: 100, cursor: null }
 * ```
 */
export interface ListConnectionsQuery {
  readonly status?: string
  readonly expiresBefore?: number
  readonly cursor?: string | null
  readonly limit?: number
}

/** The store capability `connections list` needs: the connection registry of `@rw/oauth-redis`. */
export interface ConnectionRegistry {
  listConnections(
    query: ListConnectionsQuery,
  ): Promise<{ readonly connections: readonly ConnectionSummary[]; readonly cursor: string | null }>
  countConnections(): Promise<unknown>
}

/** The store as a registry, or a `UsageError` saying what to do instead. */
export function requireConnectionRegistry(store: object): ConnectionRegistry {
  const candidate = store as Partial<ConnectionRegistry>
  if (typeof candidate.listConnections === 'function' && typeof candidate.countConnections === 'function') {
    return candidate as ConnectionRegistry
  }
  throw new UsageError(
    'connections list needs the connection registry of @rw/oauth-redis (store.listConnections), which this store does not have: upgrade @rw/oauth-cli and @rw/oauth-redis together. `rw-oauth keys report` and `rw-oauth repair` scan records without it.',
  )
}
