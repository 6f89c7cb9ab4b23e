import {
  type ConnectionRecord,
  classifyRefreshFailure,
  computeRefreshBackoff,
  decideWhileWaiting,
  explainUnservable,
  isServable,
  NotConnectedError,
  RefreshBackoffError,
} from '@rw/oauth-core'
import { type LeaseSlot, runConnectionStep } from './connection-interpreter'
import type { RefreshDependencies, RefreshResult } from './refresh-connection'
import { clockView, contextFor, describeFailure, drawFraction, settle } from './refresh-settlement'

export async function handleRefreshFailure(
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

/** The circuit is open: serve what can be served, otherwise say when to retry; nothing is sent. */
export async function holdBackForCircuit(
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

export function reportToBreaker(deps: RefreshDependencies, report: Promise<void>): void {
  report.catch((error: unknown) =>
    deps.logger.warn('Could not update the token endpoint circuit breaker.', {
      error: error instanceof Error ? ((error as { code?: string }).code ?? error.name) : typeof error,
    }),
  )
}
