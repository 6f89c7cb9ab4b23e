import { classifyRefreshFailure } from '@rw/oauth-core'
import { describeErrorType } from './error-type'

/**
 * How a refresh procedure ended, as the `rw.oauth.refresh.outcome` attribute:
 * - `refreshed`: this process got and saved a new pair; `adopted`: another writer already had (no call);
 * - `served_stale`: nothing was refreshed, the current (unexpired) token is served;
 * - `rejected`: the grant is gone (`invalid_grant` confirmed), the customer must reconnect;
 * - `lost`: the response was lost after sending (the server may have rotated), or an earlier outcome is
 *   still unknown;
 * - `backoff`: the runtime held the call back (per-instance backoff or an open circuit breaker);
 * - `skipped`: a background refresh found another process refreshing the instance (it refreshes later);
 * - `failed`: any other failure (endpoint unreachable or 5xx with an expired token, store down, timeout).
 * A result outcome this list does not know (a newer runtime's) is reported as is.
 */
export type RefreshOutcome =
  | 'refreshed'
  | 'adopted'
  | 'served_stale'
  | 'rejected'
  | 'lost'
  | 'backoff'
  | 'skipped'
  | 'failed'

/** What a refresh outcome is read from: the runtime's refresh result, or the error it threw. */
export type RefreshEnding = { readonly result: unknown } | { readonly error: unknown }

/**
 * The outcome and (for anything but a success) the `error.type` of one refresh procedure.
 *
 * @example
 * ```ts
 * classifyRefreshOutcome({ error: new ReauthorizationRequiredError('desert-broadcasters') }) // { outcome: 'rejected', errorType: 'reauthorization_required' }
 * ```
 */
export function classifyRefreshOutcome(ending: RefreshEnding): { outcome: string; errorType?: string } {
  if ('error' in ending)
    return { outcome: classifyFailure(ending.error, 'failed'), errorType: describeErrorType(ending.error) }
  if (ending.result === 'skipped') return { outcome: 'skipped' }
  const { outcome, failure } = (ending.result ?? {}) as { outcome?: unknown; failure?: unknown }
  if (outcome === 'served_stale') {
    return { outcome: classifyFailure(failure, 'served_stale'), errorType: describeErrorType(failure) }
  }
  return { outcome: typeof outcome === 'string' ? outcome : 'refreshed' }
}

function classifyFailure(error: unknown, otherwise: RefreshOutcome): RefreshOutcome {
  const code = describeErrorType(error)
  if (code === 'reauthorization_required') return 'rejected'
  if (code === 'refresh_outcome_unknown') return 'lost'
  if (/backoff|circuit/.test(code)) return 'backoff'
  const event = classifyRefreshFailure(error)
  if (event === 'refresh_lost') return 'lost'
  if (event === 'refresh_rejected') return 'rejected'
  return otherwise
}
