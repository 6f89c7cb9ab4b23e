import type {
  ConnectionPage,
  ConnectionQuery,
  ConnectionRecord,
  ConnectionRegistry,
  ConnectionSummary,
} from '@rw/oauth-core'

// A listing that needs more pages than this is looping (a cursor that never ends).
const MAX_PAGES = 10_000

/** Follows the cursor from the first page to the last; `onPage` runs (and is awaited) after each page. */
export async function listEveryConnection(
  registry: ConnectionRegistry,
  query: Omit<ConnectionQuery, 'cursor'>,
  onPage?: (page: ConnectionPage) => unknown,
): Promise<ConnectionSummary[]> {
  const listed: ConnectionSummary[] = []
  let cursor: string | null = null
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page: ConnectionPage = await registry.listConnections({ ...query, cursor })
    listed.push(...page.connections)
    await onPage?.(page)
    if (page.cursor === null) return listed
    cursor = page.cursor
  }
  throw new Error(`The listing did not end within ${MAX_PAGES} pages: its cursor never becomes null.`)
}

/** What the registry must say about a stored record. */
export function summarizeTestRecord(record: ConnectionRecord): ConnectionSummary {
  const { instanceKey, status, version, expiresAt, scopes, obtainedAt, lastRefreshAt } = record
  return { instanceKey, status, version, expiresAt, scopes: [...scopes], obtainedAt, lastRefreshAt }
}

/** Sorted by instance key, to compare listings whose order is the store's own. */
export function sortByKey<T extends { readonly instanceKey: string }>(items: readonly T[]): T[] {
  return [...items].sort((left, right) => (left.instanceKey < right.instanceKey ? -1 : 1))
}
