import {
  type BackoffPolicy,
  type ConnectionRecord,
  type ConnectionState,
  classifyRefreshFailure,
  computeRefreshBackoff,
  createRandomToken,
  createRefreshAttempt,
  decideRefresh,
  decideRefreshSuccess,
  decideWhileWaiting,
  type ExpiryPolicy,
  explainUnservable,
  isServable,
  NotConnectedError,
  parseRetryAfter,
  processTokenResponse,
  RadioWorkflowError,
  type RadioWorkflowLogger,
  type RandomBytes,
  RefreshBackoffError,
  type RefreshContext,
  type RefreshLock,
  RefreshTimeoutError,
  rebaseRefreshedTokens,
  StoreError,
  TokenEndpointError,
  type TokenSet,
} from '@rw/oauth-core'
import type { CircuitBreaker } from './circuit-breaker'
import {
  type EmitDetails,
  type InterpreterPorts,
  type LeaseSlot,
  releaseLease,
  runConnectionStep,
} from './connection-interpreter'
import { keepLeaseAlive } from './lease-keeper'
import { retryUnsavedPair, type UnsavedPairs } from './unsaved-pairs'

/** Saving over our own marker races other writers' marks at most this often before giving up. */
const REBASE_ATTEMPTS = 5
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

/**
 * A refresh made ahead of need (background refresh): like {@link refreshConnection}, but `skipped` at
 * once when another process holds the instance's lock (it is refreshing it), instead of waiting.
 */
export function refreshConnectionIfFree(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
): Promise<RefreshResult | 'skipped'> {
  return runRefresh(deps, instanceKey, seenVersion, false)
}

async function runRefresh(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
  waitForHolder: boolean,
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
        const result = await refreshWithLease(deps, instanceKey, seenVersion, slot)
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

/** `undefined`: the attempt ended without settling anything (lease lapsed, a write raced): try again. */
async function refreshWithLease(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
  slot: LeaseSlot,
): Promise<RefreshResult | undefined> {
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
        return await saveRefreshedPair(deps, slot, started.record, attempt.id, tokens)
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

/**
 * Rule 4: the pair is persisted before anyone is handed the access token, except when the store is
 * unreachable: then the pair is kept and its save retried (`unsaved-pairs`), never dropped (rule 8).
 */
async function saveRefreshedPair(
  deps: RefreshDependencies,
  slot: LeaseSlot,
  marked: ConnectionRecord,
  attemptId: string,
  tokens: TokenSet,
): Promise<RefreshResult> {
  try {
    return await persistRefreshedPair(deps, slot, marked, attemptId, tokens)
  } catch (error) {
    if (!(error instanceof StoreError && error.code === 'store_unavailable')) throw error
    const handOver: LeaseSlot = { current: slot.current }
    slot.current = null
    const pending = retryUnsavedPair(deps, {
      record: rebaseOrApply(marked, attemptId, tokens),
      save: () => persistRefreshedPair(deps, handOver, marked, attemptId, tokens),
      release: () => releaseLease(handOver),
      giveUp: async () => {
        await runConnectionStep(deps, handOver, 'refreshing', marked, { type: 'refresh_lost' })
      },
    })
    return { outcome: 'refreshed', record: pending }
  }
}

/** Saves over our own marker (rebasing when another holder marked the outcome unknown meanwhile). */
export async function persistRefreshedPair(
  deps: RefreshDependencies,
  slot: LeaseSlot,
  marked: ConnectionRecord,
  attemptId: string,
  tokens: TokenSet,
): Promise<RefreshResult> {
  let base = marked
  for (let attempt = 0; ; attempt++) {
    const saved = await runConnectionStep(deps, slot, 'refreshing', base, { type: decideRefreshSuccess(base), tokens })
    if (saved.kind === 'completed') return { outcome: 'refreshed', record: saved.record as ConnectionRecord }
    const latest = await deps.store.getConnection(marked.instanceKey)
    const rebased = rebaseRefreshedTokens(latest, attemptId, tokens) !== null
    if (rebased && latest !== null && latest.version !== base.version && attempt < REBASE_ATTEMPTS) {
      base = latest
      continue
    }
    if (latest === null) {
      await runConnectionStep(deps, slot, 'refreshing', base, { type: 'disconnected' })
      throw new NotConnectedError(marked.instanceKey)
    }
    if (latest.status === 'active' && isServable(latest, clockView(deps))) {
      await runConnectionStep(deps, slot, 'refreshing', base, { type: 'refresh_adopted', record: latest })
      return { outcome: 'adopted', record: latest }
    }
    throw new StoreError(
      'store_unavailable',
      'The refreshed tokens could not be saved: the stored connection changed while the refresh was in flight.',
      { instanceKey: marked.instanceKey },
    )
  }
}

async function handleRefreshFailure(
  deps: RefreshDependencies,
  slot: LeaseSlot,
  marked: ConnectionRecord,
  error: unknown,
  retryAfterMs: number | null,
): Promise<RefreshResult> {
  const { instanceKey } = marked
  const event = classifyRefreshFailure(error)
  if (event === 'refresh_rejected') {
    // Rule 6: a newer record means another writer refreshed with our (now spent) token.
    const latest = await deps.store.getConnection(instanceKey)
    if (latest === null) {
      await runConnectionStep(deps, slot, 'refreshing', marked, { type: 'disconnected' })
      throw new NotConnectedError(instanceKey)
    }
    if (latest.version !== marked.version && latest.status === 'active' && isServable(latest, clockView(deps))) {
      await runConnectionStep(deps, slot, 'refreshing', marked, { type: 'refresh_adopted', record: latest })
      return { outcome: 'adopted', record: latest }
    }
  }
  const servable = event === 'refresh_failed' && isServable(marked, clockView(deps))
  if (servable) {
    deps.logger.warn('Refreshing failed; serving the current access token until it expires.', {
      instanceKey,
      expiresAt: marked.expiresAt,
      error: describeFailure(error).code,
    })
  }
  if (event !== 'refresh_rejected') reportToBreaker(deps, deps.breaker.recordFailure())
  const details = describeFailure(error)
  const input =
    event === 'refresh_failed'
      ? ({
          type: event,
          backoff: computeRefreshBackoff(marked.refreshBackoff ?? null, {
            now: deps.now(),
            random: drawFraction(deps.randomBytes),
            code: details.code ?? 'unknown',
            retryAfterMs,
            policy: deps.backoffPolicy,
          }),
        } as const)
      : ({ type: event } as const)
  const outcome = await runConnectionStep(deps, slot, 'refreshing', marked, input, details)
  if (outcome.kind === 'conflicted') {
    deps.logger.warn(`Could not record the refresh outcome "${event}": the stored connection changed meanwhile.`, {
      instanceKey,
    })
  }
  const settled = outcome.kind === 'completed' && outcome.record !== null ? outcome.record : marked
  if (servable) return { outcome: 'served_stale', record: settled, failure: error }
  if (event === 'refresh_failed') throw error
  throw explainUnservable(
    instanceKey,
    settled,
    outcome.kind === 'conflicted' ? 'refreshing' : outcome.state,
    deps,
    error,
  )
}

function settle(
  deps: RefreshDependencies,
  decision: 'refresh_adopted' | 'refresh_declined',
  record: ConnectionRecord | null,
  instanceKey: string,
): RefreshResult {
  if (decision === 'refresh_adopted' && record !== null) return { outcome: 'adopted', record }
  return serveOrThrow(deps, instanceKey, record, stateOf(record))
}

function serveOrThrow(
  deps: RefreshDependencies,
  instanceKey: string,
  record: ConnectionRecord | null,
  state: ConnectionState,
): RefreshResult {
  const failure = explainUnservable(instanceKey, record, state, deps)
  if (record !== null && isServable(record, clockView(deps))) return { outcome: 'served_stale', record, failure }
  throw failure
}

function settlingEvent(decision: 'refresh_adopted' | 'refresh_declined', record: ConnectionRecord | null) {
  return decision === 'refresh_adopted' && record !== null
    ? ({ type: 'refresh_adopted', record } as const)
    : ({ type: 'refresh_declined' } as const)
}

function rebaseOrApply(marked: ConnectionRecord, attemptId: string, tokens: TokenSet): ConnectionRecord {
  return rebaseRefreshedTokens(marked, attemptId, tokens) as ConnectionRecord
}

/** The circuit is open: serve what can be served, otherwise say when to retry; nothing is sent. */
async function holdBackForCircuit(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
  retryAt: number,
): Promise<RefreshResult> {
  const record = await deps.store.getConnection(instanceKey)
  const settled = decideWhileWaiting(record, contextFor(deps, seenVersion))
  if (settled === 'refresh_adopted' || record === null || record.status === 'reauthorization_required') {
    return settle(deps, settled ?? 'refresh_declined', record, instanceKey)
  }
  const failure = new RefreshBackoffError(instanceKey, { retryAt, reason: 'circuit_open' })
  if (isServable(record, clockView(deps))) return { outcome: 'served_stale', record, failure }
  throw failure
}

function reportToBreaker(deps: RefreshDependencies, report: Promise<void>): void {
  report.catch((error: unknown) =>
    deps.logger.warn('Could not update the token endpoint circuit breaker.', {
      error: error instanceof Error ? ((error as { code?: string }).code ?? error.name) : typeof error,
    }),
  )
}

function drawFraction(randomBytes: RandomBytes): number {
  const bytes = randomBytes(4)
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) / 2 ** 32
}

function describeFailure(error: unknown): EmitDetails {
  const code = error instanceof RadioWorkflowError ? error.code : error instanceof Error ? error.name : typeof error
  return error instanceof TokenEndpointError ? { code, oauthError: error.oauthError } : { code }
}

function clockView(deps: RefreshDependencies) {
  return { now: deps.now(), expiryPolicy: deps.expiryPolicy }
}

function stateOf(record: ConnectionRecord | null): ConnectionState {
  return record === null ? 'disconnected' : record.status
}

function contextFor(deps: RefreshDependencies, seenVersion: number): RefreshContext {
  return {
    seenVersion,
    now: deps.now(),
    expiryPolicy: deps.expiryPolicy,
    unresolvedRetryDelayMs: deps.unresolvedRetryDelayMs,
  }
}
