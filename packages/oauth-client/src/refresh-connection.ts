import {
  type BackoffPolicy,
  type ConnectionRecord,
  createRandomToken,
  createRefreshAttempt,
  decideRefresh,
  decideWhileWaiting,
  type ExpiryPolicy,
  parseRetryAfter,
  processTokenResponse,
  type RadioWorkflowLogger,
  type RandomBytes,
  type RefreshLock,
  RefreshTimeoutError,
  StoreError,
} from '@rw/oauth-core'
import type { CircuitBreaker } from './circuit-breaker'
import { type InterpreterPorts, type LeaseSlot, releaseLease, runConnectionStep } from './connection-interpreter'
import { type RadioWorkflowInstrumentation, traceOperation } from './instrumentation'
import { keepLeaseAlive } from './lease-keeper'
import { handleRefreshFailure, holdBackForCircuit, reportToBreaker } from './refresh-failure'
import { contextFor, serveOrThrow, settle, settlingEvent, stateOf } from './refresh-settlement'
import { saveRefreshedPair } from './save-refreshed-pair'
import { type UnsavedPairs } from './unsaved-pairs'

/** How often an attempt that settled nothing is retried at once (see `refreshConnection`). */
const UNSETTLED_RETRIES = 3

export interface RefreshDependencies extends InterpreterPorts {
  readonly lock: RefreshLock
  readonly now: () => number
  readonly monotonicNow: () => number
  readonly randomBytes: RandomBytes
  readonly logger: RadioWorkflowLogger
  readonly expiryPolicy: ExpiryPolicy
  readonly leaseMs: number
  readonly refreshWaitMs: number
  readonly unresolvedRetryDelayMs: number
  /** Pairs the server issued whose save failed for a store outage: retried, and served in-process meanwhile. */
  readonly unsaved: UnsavedPairs
  readonly saveRetryMs: number
  readonly backoffPolicy: BackoffPolicy
  /** The token endpoint's circuit breaker, shared through the store when it is a `FleetCoordinator`. */
  readonly breaker: CircuitBreaker
  readonly instrumentation?: RadioWorkflowInstrumentation
}

/**
 * - `refreshed`: this process called the endpoint and persisted the new pair (or is still retrying
 *   the save after a store outage, serving the pair in-process meanwhile).
 * - `adopted`: another writer already stored a newer usable record; no call was made.
 * - `served_stale`: nothing was refreshed (a transient failure, or an outcome still unknown) and the
 *   current token is not expired, so it is served; `failure` says why.
 */
export type RefreshResult =
  | { readonly outcome: 'refreshed' | 'adopted'; readonly record: ConnectionRecord }
  | { readonly outcome: 'served_stale'; readonly record: ConnectionRecord; readonly failure: unknown }

/**
 * The refresh procedure (DESIGN.md "Refresh across processes", rules 2–8): takes the lock, re-reads,
 * and feeds the connection machine the events its guards choose; `runConnectionStep` performs the
 * effects. `seenVersion` is the version the caller saw when it decided to refresh: any other stored
 * version means another writer got there first. Callers coalesce in-process first (rule 1).
 */
export async function refreshConnection(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
): Promise<RefreshResult> {
  return (await runRefresh(deps, instanceKey, seenVersion, true)) as RefreshResult
}

/** A permit to call the token endpoint (a slot of the fleet-wide cap, and a rate token when set), or `null`. */
export type CallPermit = () => Promise<{ release(): Promise<void> } | null>

/**
 * A refresh made ahead of need (background refresh): like {@link refreshConnection}, but `skipped` at
 * once when another process holds the instance's lock (it is refreshing it), instead of waiting, and
 * `skipped` when `permitCall` grants no permit. The permit is asked for only once the lock is held and
 * the re-read record still needs the call, so a permit of the fleet-wide cap is never spent on an
 * instance another process holds or has just refreshed.
 */
export function refreshConnectionIfFree(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
  permitCall: CallPermit,
): Promise<RefreshResult | 'skipped'> {
  return runRefresh(deps, instanceKey, seenVersion, false, permitCall)
}

function runRefresh(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
  waitForHolder: boolean,
  permitCall?: CallPermit,
): Promise<RefreshResult | 'skipped'> {
  return traceOperation(deps.instrumentation, { name: 'refresh', instanceKey }, () =>
    refreshUnderLock(deps, instanceKey, seenVersion, waitForHolder, permitCall),
  )
}

async function refreshUnderLock(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
  waitForHolder: boolean,
  permitCall: CallPermit | undefined,
): Promise<RefreshResult | 'skipped'> {
  const admission = await deps.breaker.admit()
  if (!admission.admitted) return holdBackForCircuit(deps, instanceKey, seenVersion, admission.retryAt)
  const deadline = deps.monotonicNow() + deps.refreshWaitMs
  // An attempt that settled nothing (abandoned before sending, or raced by a write) is retried at once,
  // a few times, whatever the deadline says: the deadline is for waiting on others, and a pause that
  // made us abandon also ate the deadline.
  let unsettled = 0
  for (;;) {
    const acquiredAt = deps.monotonicNow()
    const acquired = await deps.lock.tryAcquire(instanceKey, deps.leaseMs)
    if (acquired !== null) {
      const slot: LeaseSlot = {
        current: keepLeaseAlive(acquired, {
          leaseMs: deps.leaseMs,
          acquiredAt,
          monotonicNow: deps.monotonicNow,
          logger: deps.logger,
        }),
      }
      try {
        const result = await refreshWithLease(deps, instanceKey, seenVersion, slot, permitCall)
        if (result !== undefined) return result
      } finally {
        await releaseLease(slot)
      }
      if (unsettled++ < UNSETTLED_RETRIES) continue
    } else {
      if (!waitForHolder) return 'skipped'
      const record = await deps.store.getConnection(instanceKey)
      const settled = decideWhileWaiting(record, contextFor(deps, seenVersion))
      if (settled !== undefined) return settle(deps, settled, record, instanceKey)
    }
    const remaining = deadline - deps.monotonicNow()
    if (remaining <= 0) throw new RefreshTimeoutError(instanceKey)
    // Woken when the holder releases or saves (rule 5); the timeout only covers a missed wake-up.
    if (acquired === null) await deps.lock.waitForChange(instanceKey, remaining)
  }
}

/**
 * `undefined`: the attempt ended without settling anything (lease lapsed, a write raced): try again.
 * `skipped`: the call needed a permit and got none.
 */
async function refreshWithLease(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
  slot: LeaseSlot,
  permitCall: CallPermit | undefined,
): Promise<RefreshResult | 'skipped' | undefined> {
  // Rule 3: another process may have refreshed between our read and our lock.
  const record = await deps.store.getConnection(instanceKey)
  const state = stateOf(record)
  const decision = decideRefresh(record, contextFor(deps, seenVersion))
  if (decision === 'refresh_adopted' || decision === 'refresh_declined') {
    await runConnectionStep(deps, slot, state, record, settlingEvent(decision, record))
    return settle(deps, decision, record, instanceKey)
  }
  const current = record as ConnectionRecord
  if (decision === 'attempt_unresolved') {
    const marked = await runConnectionStep(deps, slot, state, current, { type: 'attempt_unresolved' })
    if (marked.kind === 'conflicted') return undefined
    return serveOrThrow(deps, instanceKey, marked.record, marked.state)
  }
  if (permitCall === undefined) return sendRefresh(deps, slot, current)
  const permit = await permitCall()
  if (permit === null) return 'skipped'
  try {
    return await sendRefresh(deps, slot, current)
  } finally {
    await permit.release()
  }
}

/** Marks the attempt (write-ahead), calls the token endpoint, and settles what it answered. */
async function sendRefresh(
  deps: RefreshDependencies,
  slot: LeaseSlot,
  current: ConnectionRecord,
): Promise<RefreshResult | undefined> {
  const state = stateOf(current)
  const attempt = createRefreshAttempt({
    id: createRandomToken(deps.randomBytes),
    now: deps.now(),
    leaseMs: deps.leaseMs,
  })
  const started = await runConnectionStep(deps, slot, state, current, { type: 'refresh_started', attempt })
  switch (started.kind) {
    case 'conflicted':
      return undefined
    case 'lease_lapsed':
      // Paused past the lease before sending: nothing was sent, so the marker can simply go.
      await runConnectionStep(deps, slot, started.state, started.record, { type: 'refresh_abandoned' })
      return undefined
    case 'answered':
      try {
        const tokens = processTokenResponse(started.response, {
          now: deps.now(),
          requestedScopes: started.record.scopes,
          previousRefreshToken: started.record.refreshToken,
        })
        reportToBreaker(deps, deps.breaker.recordSuccess())
        return await saveRefreshedPair(deps, slot, { marked: started.record, attemptId: attempt.id, tokens })
      } catch (error) {
        if (error instanceof StoreError) throw error
        const retryAfterMs = parseRetryAfter(started.response.headers['retry-after'], deps.now())
        return handleRefreshFailure(deps, slot, started.record, error, retryAfterMs)
      }
    case 'call_failed':
      return handleRefreshFailure(deps, slot, started.record, started.error, null)
    case 'completed':
      throw new Error('refresh_started always calls the refresh endpoint')
  }
}
