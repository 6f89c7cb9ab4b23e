import {
  type ConnectionCounts,
  type ConnectionPage,
  type ConnectionQuery,
  type ConnectionRegistry,
  type ConnectionSummary,
  createEmptyConnectionCounts,
  matchesConnectionQuery,
  resolveConnectionQuery,
  UsageError,
} from '@rw/oauth-core'

const CURSOR_TAG = 'm1:'

/** The in-memory store's registry: a summary per stored record, kept beside it in the same synchronous write. */
export interface MemoryConnectionRegistry extends Required<ConnectionRegistry> {
  put(summary: ConnectionSummary): void
  remove(instanceKey: string): void
}

/**
 * Lists in instance-key order and the cursor is the last key returned, so a connection present for the
 * whole listing is returned exactly once, whatever is written or deleted between pages.
 */
export function createMemoryConnectionRegistry(): MemoryConnectionRegistry {
  const summaries = new Map<string, ConnectionSummary>()
  // Rebuilt only when keys come or go (not when a record is updated).
  let sortedKeys: string[] | null = null

  function readSortedKeys(): string[] {
    sortedKeys ??= [...summaries.keys()].sort(compareKeys)
    return sortedKeys
  }

  return {
    put(summary) {
      if (!summaries.has(summary.instanceKey)) sortedKeys = null
      summaries.set(summary.instanceKey, summary)
    },
    remove(instanceKey) {
      if (summaries.delete(instanceKey)) sortedKeys = null
    },
    async listConnections(query?: ConnectionQuery): Promise<ConnectionPage> {
      const resolved = resolveConnectionQuery(query)
      const keys = readSortedKeys()
      const after = resolved.cursor === null ? null : readCursor(resolved.cursor)
      const connections: ConnectionSummary[] = []
      for (let index = after === null ? 0 : findFirstAfter(keys, after); index < keys.length; index++) {
        const summary = summaries.get(keys[index]!)!
        if (!matchesConnectionQuery(summary, resolved)) continue
        connections.push(copySummary(summary))
        if (connections.length === resolved.limit) {
          const last = index === keys.length - 1
          return { connections, cursor: last ? null : `${CURSOR_TAG}${summary.instanceKey}` }
        }
      }
      return { connections, cursor: null }
    },
    async countConnections(): Promise<ConnectionCounts> {
      const counts = createEmptyConnectionCounts()
      for (const { status } of summaries.values()) counts[status]++
      return counts
    },
    async findSoonestExpiry(): Promise<number | null> {
      let soonest: number | null = null
      for (const { status, expiresAt } of summaries.values()) {
        if (status === 'active' && (soonest === null || expiresAt < soonest)) soonest = expiresAt
      }
      return soonest
    },
  }
}

function readCursor(cursor: string): string {
  if (!cursor.startsWith(CURSOR_TAG) || cursor.length === CURSOR_TAG.length) {
    throw new UsageError('query.cursor is not a cursor this store returned: pass the previous page’s cursor unchanged.')
  }
  return cursor.slice(CURSOR_TAG.length)
}

function compareKeys(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0
}

/** Index of the first key greater than `after` (binary search on the sorted keys). */
function findFirstAfter(keys: readonly string[], after: string): number {
  let low = 0
  let high = keys.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (keys[middle]! <= after) low = middle + 1
    else high = middle
  }
  return low
}

function copySummary(summary: ConnectionSummary): ConnectionSummary {
  return { ...summary, scopes: Object.freeze([...summary.scopes]) }
}
