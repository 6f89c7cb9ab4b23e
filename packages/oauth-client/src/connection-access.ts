import {
  type ConnectionRecord,
  classifyExpiry,
  NotConnectedError,
  ReauthorizationRequiredError,
  UsageError,
} from '@rw/oauth-core'
import { type RefreshDependencies, type RefreshResult, refreshConnection } from './refresh-connection'
import { createSingleFlight } from './single-flight'

/** Reads connections and refreshes them through the per-instance single-flight. */
export interface ConnectionAccess {
  /** A record whose access token may be served: fresh, or just refreshed, or `due` after a transient failure. */
  readUsableRecord(instanceKey: string): Promise<ConnectionRecord>
  /** Refreshes unless another writer already stored something newer than `seenVersion` (default: the stored version). */
  forceRefresh(instanceKey: string, seenVersion?: number): Promise<RefreshResult>
}

export function createConnectionAccess(deps: RefreshDependencies): ConnectionAccess {
  const flights = createSingleFlight<RefreshResult>()

  async function readRefreshable(instanceKey: string): Promise<ConnectionRecord> {
    requireInstanceKey(instanceKey)
    const record = await deps.store.getConnection(instanceKey)
    if (record === null) throw new NotConnectedError(instanceKey)
    if (record.status === 'reauthorization_required') throw new ReauthorizationRequiredError(instanceKey)
    return record
  }

  return {
    async readUsableRecord(instanceKey) {
      const record = await readRefreshable(instanceKey)
      // Hot path: one store read, nothing else.
      if (record.status === 'active' && classifyExpiry(record.expiresAt, deps.now(), deps.expiryPolicy) === 'fresh') {
        return record
      }
      const result = await flights.run(instanceKey, () => refreshConnection(deps, instanceKey, record.version))
      return result.record
    },

    async forceRefresh(instanceKey, seenVersion) {
      const seen = seenVersion ?? (await readRefreshable(instanceKey)).version
      const joined = flights.current(instanceKey) !== undefined
      const result = await flights.run(instanceKey, () => refreshConnection(deps, instanceKey, seen))
      // A flight that started before we saw `seen` may only have re-served it: refresh once more.
      if (joined && result.record.version === seen && result.outcome !== 'refreshed') {
        return flights.run(instanceKey, () => refreshConnection(deps, instanceKey, seen))
      }
      return result
    },
  }
}

function requireInstanceKey(instanceKey: string): void {
  if (typeof instanceKey !== 'string' || instanceKey === '') {
    throw new UsageError('instanceKey must be a non-empty string identifying the customer instance.')
  }
}
