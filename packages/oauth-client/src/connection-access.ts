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
  /** The access token of `readUsableRecord`, without building the intermediate promise on the hot path. */
  readAccessToken(instanceKey: string): Promise<string>
  /** Refreshes unless another writer already stored something newer than `seenVersion` (default: the stored version). */
  forceRefresh(instanceKey: string, seenVersion?: number): Promise<RefreshResult>
}

export function createConnectionAccess(deps: RefreshDependencies): ConnectionAccess {
  const flights = createSingleFlight<RefreshResult>()

  // Not async: on the hot path the store's GET is written before this returns, with no await before it.
  function readStored(instanceKey: string): Promise<ConnectionRecord | null> {
    try {
      requireInstanceKey(instanceKey)
      return deps.store.getConnection(instanceKey)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  async function readRefreshable(instanceKey: string): Promise<ConnectionRecord> {
    return requireRefreshable(instanceKey, await readStored(instanceKey))
  }

  /** Hot path: one store read and a comparison; anything else goes through the single-flight refresh. */
  function isServableAsIs(record: ConnectionRecord): boolean {
    return record.status === 'active' && classifyExpiry(record.expiresAt, deps.now(), deps.expiryPolicy) === 'fresh'
  }

  async function refreshForUse(instanceKey: string, record: ConnectionRecord): Promise<ConnectionRecord> {
    const result = await flights.run(instanceKey, () => refreshConnection(deps, instanceKey, record.version))
    return result.record
  }

  return {
    readUsableRecord(instanceKey) {
      return readStored(instanceKey).then((stored) => {
        const record = requireRefreshable(instanceKey, stored)
        return isServableAsIs(record) ? record : refreshForUse(instanceKey, record)
      })
    },

    readAccessToken(instanceKey) {
      return readStored(instanceKey).then((stored) => {
        const record = requireRefreshable(instanceKey, stored)
        return isServableAsIs(record) ? record.accessToken : refreshForUse(instanceKey, record).then(selectAccessToken)
      })
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

function requireRefreshable(instanceKey: string, record: ConnectionRecord | null): ConnectionRecord {
  if (record === null) throw new NotConnectedError(instanceKey)
  if (record.status === 'reauthorization_required') throw new ReauthorizationRequiredError(instanceKey)
  return record
}

function selectAccessToken(record: ConnectionRecord): string {
  return record.accessToken
}

function requireInstanceKey(instanceKey: string): void {
  if (typeof instanceKey !== 'string' || instanceKey === '') {
    throw new UsageError('instanceKey must be a non-empty string identifying the customer instance.')
  }
}
