import type { ConnectionRecord, StoredConnectionStatus } from './connection-record'
import { STORED_CONNECTION_STATUSES } from './connection-record-serialization'
import { UsageError } from './errors'
import type { ConnectionQuery, ConnectionRegistry, ConnectionSummary } from './token-store'

/** Page size of {@link ConnectionRegistry.listConnections} when `limit` is not given. */
export const DEFAULT_CONNECTION_PAGE_SIZE = 100
/** The largest `limit` a listing accepts. */
export const MAX_CONNECTION_PAGE_SIZE = 1000

/** A {@link ConnectionQuery} validated, with its defaults applied. */
export interface ResolvedConnectionQuery {
  readonly status: StoredConnectionStatus | null
  readonly expiresBefore: number | null
  readonly cursor: string | null
  readonly limit: number
}

/**
 * Whether `store` implements {@link ConnectionRegistry}: it has `listConnections` and `countConnections`
 * (the optional `findSoonestExpiry` is not required).
 *
 * @example
 * ```ts
 * if (!isConnectionRegistry(store)) throw new Error('this store cannot list connections')
 * ```
 */
export function isConnectionRegistry<T extends object>(store: T): store is T & ConnectionRegistry {
  const candidate = store as Partial<ConnectionRegistry>
  return typeof candidate.listConnections === 'function' && typeof candidate.countConnections === 'function'
}

/**
 * Validates a listing query and applies the defaults; throws `UsageError` naming the bad field.
 *
 * @example
 * ```ts
 * const { status, expiresBefore, cursor, limit } = resolveConnectionQuery(query)
 * ```
 */
export function resolveConnectionQuery(query: ConnectionQuery | undefined = {}): ResolvedConnectionQuery {
  if (typeof query !== 'object' || query === null) {
    throw new UsageError('The connection query must be an object like { status, expiresBefore, cursor, limit }.')
  }
  const { status, expiresBefore, cursor, limit = DEFAULT_CONNECTION_PAGE_SIZE } = query
  if (status !== undefined && !STORED_CONNECTION_STATUSES.includes(status)) {
    throw new UsageError(`query.status must be one of ${STORED_CONNECTION_STATUSES.join(', ')}.`)
  }
  if (expiresBefore !== undefined && !(typeof expiresBefore === 'number' && Number.isFinite(expiresBefore))) {
    throw new UsageError('query.expiresBefore must be a finite number of epoch milliseconds.')
  }
  if (cursor !== undefined && cursor !== null && (typeof cursor !== 'string' || cursor === '')) {
    throw new UsageError('query.cursor must be the non-empty cursor of the previous page, or null for the first page.')
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_CONNECTION_PAGE_SIZE) {
    throw new UsageError(`query.limit must be a whole number from 1 to ${MAX_CONNECTION_PAGE_SIZE}.`)
  }
  return { status: status ?? null, expiresBefore: expiresBefore ?? null, cursor: cursor ?? null, limit }
}

/**
 * The registry's view of a record: the record without its tokens.
 *
 * @example
 * ```ts
 * const summary = summarizeConnection(record)
 * ```
 */
export function summarizeConnection(record: ConnectionRecord): ConnectionSummary {
  return {
    instanceKey: record.instanceKey,
    status: record.status,
    version: record.version,
    expiresAt: record.expiresAt,
    scopes: Object.freeze([...record.scopes]),
    obtainedAt: record.obtainedAt,
    lastRefreshAt: record.lastRefreshAt,
  }
}

/**
 * Whether a connection matches the filters of a resolved query (status, and expiry strictly before).
 *
 * @example
 * ```ts
 * const due = summaries.filter((summary) => matchesConnectionQuery(summary, resolveConnectionQuery({ expiresBefore })))
 * ```
 */
export function matchesConnectionQuery(
  summary: Pick<ConnectionSummary, 'status' | 'expiresAt'>,
  query: ResolvedConnectionQuery,
): boolean {
  if (query.status !== null && summary.status !== query.status) return false
  return query.expiresBefore === null || summary.expiresAt < query.expiresBefore
}

/**
 * Counts with every status at zero, to add to.
 *
 * @example
 * ```ts
 * const counts = createEmptyConnectionCounts()
 * for (const { status } of summaries) counts[status]++
 * ```
 */
export function createEmptyConnectionCounts(): Record<StoredConnectionStatus, number> {
  return { active: 0, refresh_outcome_unknown: 0, reauthorization_required: 0 }
}
