import {
  applyRefreshedTokens,
  type ConnectionRecord,
  type ConnectionState,
  type ConnectionTransition,
  classifyExpiry,
  createRefreshRequest,
  type ExpiryPolicy,
  type LockLease,
  markConnectionStatus,
  NotConnectedError,
  processTokenResponse,
  ReauthorizationRequiredError,
  type RefreshLock,
  RefreshOutcomeUnknownError,
  RefreshTimeoutError,
  type ResolvedConfig,
  StoreError,
  TokenEndpointError,
  TokenRequestError,
  TokenResponseError,
  type TokenStore,
  transitionConnection,
} from '@rw/oauth-core'
import type { RadioWorkflowEventEmitter } from './event-emitter'
import type { HttpTransport } from './fetch-transport'
import { keepLeaseAlive } from './lease-keeper'
import type { RadioWorkflowLogger } from './radio-workflow-types'

export interface RefreshDependencies {
  readonly config: ResolvedConfig
  readonly store: TokenStore
  readonly lock: RefreshLock
  readonly transport: HttpTransport
  readonly now: () => number
  readonly logger: RadioWorkflowLogger
  readonly events: RadioWorkflowEventEmitter
  readonly expiryPolicy: ExpiryPolicy
  readonly leaseMs: number
  readonly refreshWaitMs: number
  /** `true` when the store issued the leases (it is the lock), so it can check them on save. */
  readonly storeChecksLeases: boolean
}

/**
 * - `refreshed`: this process called the endpoint and persisted the new pair.
 * - `adopted`: another writer already stored a newer usable record; no call was made.
 * - `served_stale`: the refresh failed transiently and the old token is still `due`, not expired.
 */
export type RefreshResult =
  | { readonly outcome: 'refreshed' | 'adopted'; readonly record: ConnectionRecord }
  | { readonly outcome: 'served_stale'; readonly record: ConnectionRecord; readonly failure: unknown }

/**
 * The refresh procedure (DESIGN.md "Refresh across processes", rules 2–6). `seenVersion` is the
 * version the caller saw when it decided to refresh: any other stored version means another writer
 * got there first, and its record is used instead of calling the endpoint again.
 * Callers coalesce in-process first (rule 1, `createSingleFlight`).
 */
export async function refreshConnection(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
): Promise<RefreshResult> {
  const deadline = performance.now() + deps.refreshWaitMs
  for (;;) {
    const lease = await deps.lock.tryAcquire(instanceKey, deps.leaseMs)
    if (lease !== null) {
      try {
        return await refreshWithLease(deps, instanceKey, seenVersion, lease)
      } finally {
        await lease.release()
      }
    }
    const settled = settleFromStore(deps, instanceKey, seenVersion, await deps.store.getConnection(instanceKey))
    if (settled !== undefined) return settled
    const remaining = deadline - performance.now()
    if (remaining <= 0) throw new RefreshTimeoutError(instanceKey)
    // Woken when the holder releases or saves (rule 5); the timeout only covers a missed wake-up.
    await deps.lock.waitForChange(instanceKey, remaining)
  }
}

/** What a re-read decides on its own: adopt a newer record, or stop. `undefined`: still ours to refresh. */
function settleFromStore(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
  record: ConnectionRecord | null,
): RefreshResult | undefined {
  if (record === null) throw new NotConnectedError(instanceKey)
  if (record.version !== seenVersion && isUsable(deps, record)) return { outcome: 'adopted', record }
  if (record.status === 'reauthorization_required') throw new ReauthorizationRequiredError(instanceKey)
  // Another writer just lost its refresh response: retrying now could replay a rotated token.
  if (record.version !== seenVersion && record.status === 'refresh_outcome_unknown') {
    throw new RefreshOutcomeUnknownError(instanceKey)
  }
  return undefined
}

async function refreshWithLease(
  deps: RefreshDependencies,
  instanceKey: string,
  seenVersion: number,
  lease: LockLease,
): Promise<RefreshResult> {
  // Rule 3: another process may have refreshed between our read and our lock.
  const current = await deps.store.getConnection(instanceKey)
  const settled = settleFromStore(deps, instanceKey, seenVersion, current)
  if (settled !== undefined) return settled
  const record = current as ConnectionRecord
  if (record.refreshToken === null)
    return serveWithoutRefresh(deps, record, new ReauthorizationRequiredError(instanceKey))

  const started = transitionConnection(record.status, 'refresh_started')
  const keeper = keepLeaseAlive(lease, deps.leaseMs, deps.logger)
  try {
    let next: ConnectionRecord
    try {
      const response = await deps.transport(createRefreshRequest(deps.config, { refreshToken: record.refreshToken }))
      const tokens = processTokenResponse(response, {
        now: deps.now(),
        requestedScopes: record.scopes,
        previousRefreshToken: record.refreshToken,
      })
      next = applyRefreshedTokens(record, tokens)
    } catch (error) {
      return await handleRefreshFailure(deps, record, started.state, lease, error)
    }
    const succeeded = transitionConnection(started.state, 'refresh_succeeded')
    // Rule 4: persisted before any caller sees the new access token.
    const saved = await saveRefreshedRecord(deps, record, next, lease)
    if (saved.outcome === 'refreshed') emitEffects(deps, succeeded, next, 'refreshed')
    return saved
  } finally {
    keeper.stop()
  }
}

async function saveRefreshedRecord(
  deps: RefreshDependencies,
  previous: ConnectionRecord,
  next: ConnectionRecord,
  lease: LockLease,
): Promise<RefreshResult> {
  let outcome = await deps.store.saveConnection(next, saveOptions(deps, previous, lease))
  if (!outcome.saved && outcome.reason === 'lock_lost') {
    // The version check alone still stops us from overwriting anything newer; dropping a pair the
    // server already issued (and maybe rotated to) would strand the connection.
    deps.logger.warn('The refresh lock lease expired before saving; saving with the version check only.', {
      instanceKey: previous.instanceKey,
    })
    outcome = await deps.store.saveConnection(next, { expectedVersion: previous.version })
  }
  if (outcome.saved) return { outcome: 'refreshed', record: next }
  const latest = await deps.store.getConnection(previous.instanceKey)
  if (latest === null) throw new NotConnectedError(previous.instanceKey)
  if (latest.version !== previous.version && isUsable(deps, latest)) return { outcome: 'adopted', record: latest }
  throw new StoreError(
    'store_unavailable',
    'The refreshed tokens could not be saved: the stored connection changed while the refresh was in flight.',
    { instanceKey: previous.instanceKey },
  )
}

async function handleRefreshFailure(
  deps: RefreshDependencies,
  record: ConnectionRecord,
  state: ConnectionState,
  lease: LockLease,
  error: unknown,
): Promise<RefreshResult> {
  const { instanceKey } = record
  if (error instanceof TokenEndpointError && error.oauthError === 'invalid_grant') {
    // Rule 6: a newer record means another writer refreshed with our (now spent) token.
    const latest = await deps.store.getConnection(instanceKey)
    if (latest === null) throw new NotConnectedError(instanceKey)
    if (latest.version !== record.version && isUsable(deps, latest)) {
      transitionConnection(state, 'refresh_adopted')
      return { outcome: 'adopted', record: latest }
    }
    const rejected = transitionConnection(state, 'refresh_rejected')
    const marked = await persistStatus(deps, record, rejected, lease)
    if (marked !== null) emitEffects(deps, rejected, marked, error.oauthError)
    throw new ReauthorizationRequiredError(instanceKey, { cause: error })
  }
  if (isLostResponse(error)) {
    const lost = transitionConnection(state, 'refresh_lost')
    const marked = await persistStatus(deps, record, lost, lease)
    if (marked !== null) emitEffects(deps, lost, marked, 'refresh_lost')
    throw new RefreshOutcomeUnknownError(instanceKey, { cause: error })
  }
  const failed = transitionConnection(state, 'refresh_failed')
  const persist = failed.effects.find((effect) => effect.type === 'persist')
  const served =
    persist?.type === 'persist' && persist.status !== record.status
      ? ((await persistStatus(deps, record, failed, lease)) ?? record)
      : record
  return serveWithoutRefresh(deps, served, error)
}

function serveWithoutRefresh(deps: RefreshDependencies, record: ConnectionRecord, failure: unknown): RefreshResult {
  if (classify(deps, record) === 'expired') throw failure
  deps.logger.warn('Refreshing failed; serving the current access token until it expires.', {
    instanceKey: record.instanceKey,
    expiresAt: record.expiresAt,
    error: failure instanceof Error ? ((failure as { code?: string }).code ?? failure.name) : typeof failure,
  })
  return { outcome: 'served_stale', record, failure }
}

/** A sent request whose answer we could not use: the server may have rotated the refresh token. */
function isLostResponse(error: unknown): boolean {
  if (error instanceof TokenRequestError) return error.maybeDelivered
  return error instanceof TokenResponseError && error.endpointStatus >= 200 && error.endpointStatus < 300
}

async function persistStatus(
  deps: RefreshDependencies,
  record: ConnectionRecord,
  decided: ConnectionTransition,
  lease: LockLease,
): Promise<ConnectionRecord | null> {
  const persist = decided.effects.find((effect) => effect.type === 'persist')
  if (persist === undefined || persist.type !== 'persist') return null
  const marked = markConnectionStatus(record, persist.status)
  const outcome = await deps.store.saveConnection(marked, saveOptions(deps, record, lease))
  if (outcome.saved) return marked
  deps.logger.warn(`Could not record status "${persist.status}": the stored connection changed meanwhile.`, {
    instanceKey: record.instanceKey,
    reason: outcome.reason,
  })
  return null
}

function emitEffects(
  deps: RefreshDependencies,
  decided: ConnectionTransition,
  record: ConnectionRecord,
  oauthError: string,
): void {
  for (const effect of decided.effects) {
    if (effect.type !== 'emit') continue
    const { instanceKey } = record
    if (effect.event === 'refreshed') {
      deps.events.emit('refreshed', { instanceKey, version: record.version, expiresAt: record.expiresAt })
    } else if (effect.event === 'reauthorization_required') {
      deps.events.emit('reauthorization_required', { instanceKey, oauthError })
    } else if (effect.event === 'refresh_outcome_unknown') {
      deps.events.emit('refresh_outcome_unknown', { instanceKey })
    }
  }
}

/** A lease from a separate lock means nothing to the store: the version check alone guards those writes. */
function saveOptions(deps: RefreshDependencies, previous: ConnectionRecord, lease: LockLease) {
  return deps.storeChecksLeases ? { expectedVersion: previous.version, lease } : { expectedVersion: previous.version }
}

function classify(deps: RefreshDependencies, record: ConnectionRecord) {
  return classifyExpiry(record.expiresAt, deps.now(), deps.expiryPolicy)
}

function isUsable(deps: RefreshDependencies, record: ConnectionRecord): boolean {
  return record.status === 'active' && classify(deps, record) !== 'expired'
}
