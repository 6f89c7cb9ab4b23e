import {
  type ConnectionRecord,
  classifyExpiry,
  decideWhileWaiting,
  isBackingOff,
  isServable,
  NotConnectedError,
  ReauthorizationRequiredError,
  UsageError,
} from '@rw/oauth-core'
import { type RefreshCallCap, takeCallPermit } from './call-permit'
import {
  type RefreshDependencies,
  type RefreshResult,
  refreshConnection,
  refreshConnectionIfFree,
} from './refresh-connection'
import { createSingleFlight } from './single-flight'

/** Reads connections and refreshes them through the per-instance single-flight. */
export interface ConnectionAccess {
  /** A record whose access token may be served: fresh, or just refreshed, or not yet expired while a refresh cannot settle. */
  readUsableRecord(instanceKey: string): Promise<ConnectionRecord>
  /** The access token of `readUsableRecord`, without building the intermediate promise on the hot path. */
  readAccessToken(instanceKey: string): Promise<string>
  /** Refreshes unless another writer already stored something newer than `seenVersion` (default: the stored version). */
  forceRefresh(instanceKey: string, seenVersion?: number): Promise<RefreshResult>
  /**
   * Refreshes `record` ahead of need, under the fleet-wide cap on concurrent token-endpoint calls and its
   * optional rate: `skipped` when no slot or rate token comes within `permitWaitMs`, or this process already
   * refreshes the instance.
   */
  refreshAhead(
    instanceKey: string,
    seenVersion: number,
    options?: { permitWaitMs?: number },
  ): Promise<RefreshResult | 'skipped'>
}

export function createConnectionAccess(
  deps: RefreshDependencies & { readonly callCap: RefreshCallCap },
): ConnectionAccess {
  // A flight is `skipped` when it was a refresh ahead of need that found another process refreshing.
  const flights = createSingleFlight<RefreshResult | 'skipped'>()
  const { unsaved } = deps

  // Not async: on the hot path the store's GET is written before this returns, with no await before it.
  function readStored(instanceKey: string): Promise<ConnectionRecord | null> {
    try {
      requireInstanceKey(instanceKey)
      const read = deps.store.getConnection(instanceKey)
      return unsaved.size === 0 ? read : preferUnsaved(instanceKey, read)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  // A pair whose save is still being retried is newer than anything the store can return (rule 8).
  function preferUnsaved(instanceKey: string, read: Promise<ConnectionRecord | null>) {
    return read.then(
      (stored) => {
        const kept = unsaved.get(instanceKey)
        return kept !== undefined && (stored === null || stored.version < kept.version) ? kept : stored
      },
      (error: unknown) => {
        const kept = unsaved.get(instanceKey)
        if (kept === undefined) throw error
        return kept
      },
    )
  }

  async function readRefreshable(instanceKey: string): Promise<ConnectionRecord> {
    return requireRefreshable(instanceKey, await readStored(instanceKey))
  }

  /** Hot path: one store read and a comparison; anything else goes through the single-flight refresh. */
  function isServableAsIs(record: ConnectionRecord): boolean {
    return record.status === 'active' && classifyExpiry(record, deps.now(), deps.expiryPolicy) === 'fresh'
  }

  async function refreshInFlight(instanceKey: string, record: ConnectionRecord): Promise<RefreshResult> {
    return runForeground(instanceKey, record.version)
  }

  /** Joins or starts this instance's flight; a joined refresh-ahead that was skipped is followed by a waiting one. */
  async function runForeground(instanceKey: string, seenVersion: number): Promise<RefreshResult> {
    for (;;) {
      const result = await flights.run(instanceKey, () => refreshConnection(deps, instanceKey, seenVersion))
      if (result !== 'skipped') return result
    }
  }

  function readUsable(instanceKey: string, record: ConnectionRecord): ConnectionRecord | Promise<ConnectionRecord> {
    const clock = { now: deps.now(), expiryPolicy: deps.expiryPolicy }
    if (record.status === 'active' && isServable(record, clock)) {
      // Serve while refreshing: a `due` token is still valid, so the caller gets it at once and the
      // refresh runs behind it; only an expired token makes a caller wait. Not while the instance backs
      // off: no process would send anyway, so the call costs nothing more.
      if (!isBackingOff(record.refreshBackoff, clock.now)) {
        refreshAhead(instanceKey, record.version).catch((error: unknown) => reportBackgroundFailure(instanceKey, error))
      }
      return record
    }
    // An outcome still pending elsewhere: serve a valid token without taking the lock.
    const settled = decideWhileWaiting(record, {
      seenVersion: record.version,
      ...clock,
      unresolvedRetryDelayMs: deps.unresolvedRetryDelayMs,
    })
    if (settled === 'refresh_declined' && isServable(record, clock)) return record
    return refreshInFlight(instanceKey, record).then(selectRecord)
  }

  async function refreshAhead(
    instanceKey: string,
    seenVersion: number,
    { permitWaitMs = 0 }: { permitWaitMs?: number } = {},
  ): Promise<RefreshResult | 'skipped'> {
    if (flights.current(instanceKey) !== undefined || deps.breaker.isKnownHeldBack()) return 'skipped'
    // The permit (a slot of the cap, then a token of the rate) is asked for under the instance's lock, once
    // the re-read record still needs the call: neither is spent by a process that then finds the instance
    // locked or already refreshed. A foreground caller whose token expires while this waits for a permit
    // joins the flight; if none comes, the flight is `skipped` and the caller starts its own, uncapped
    // refresh (runForeground).
    const permitCall = () => takeCallPermit(deps.callCap, deps.monotonicNow() + permitWaitMs, deps.monotonicNow)
    // In the single-flight, so foreground callers arriving meanwhile share this refresh.
    return flights.run(instanceKey, () => refreshConnectionIfFree(deps, instanceKey, seenVersion, permitCall))
  }

  function reportBackgroundFailure(instanceKey: string, error: unknown): void {
    deps.logger.warn('A refresh behind a still-valid token failed; the next call tries again.', {
      instanceKey,
      error: error instanceof Error ? ((error as { code?: string }).code ?? error.name) : typeof error,
    })
  }

  return {
    readUsableRecord(instanceKey) {
      return readStored(instanceKey).then((stored) => {
        const record = requireRefreshable(instanceKey, stored)
        return isServableAsIs(record) ? record : readUsable(instanceKey, record)
      })
    },

    readAccessToken(instanceKey) {
      return readStored(instanceKey).then((stored) => {
        const record = requireRefreshable(instanceKey, stored)
        if (isServableAsIs(record)) return record.accessToken
        const usable = readUsable(instanceKey, record)
        return usable instanceof Promise ? usable.then(selectAccessToken) : usable.accessToken
      })
    },

    refreshAhead,

    async forceRefresh(instanceKey, seenVersion) {
      const seen = seenVersion ?? (await readRefreshable(instanceKey)).version
      const joined = flights.current(instanceKey) !== undefined
      const result = await runForeground(instanceKey, seen)
      // A flight that started before we saw `seen` may only have re-served it: refresh once more.
      if (joined && result.record.version === seen && result.outcome !== 'refreshed') {
        return runForeground(instanceKey, seen)
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

function selectRecord(result: RefreshResult): ConnectionRecord {
  return result.record
}

function selectAccessToken(record: ConnectionRecord): string {
  return record.accessToken
}

function requireInstanceKey(instanceKey: string): void {
  if (typeof instanceKey !== 'string' || instanceKey === '') {
    throw new UsageError('instanceKey must be a non-empty string identifying the customer instance.')
  }
}
