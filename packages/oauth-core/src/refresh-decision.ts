import type { ConnectionState } from './connection-machine'
import type { ConnectionRecord } from './connection-record'
import {
  NotConnectedError,
  ReauthorizationRequiredError,
  RefreshBackoffError,
  RefreshOutcomeUnknownError,
  TokenEndpointError,
  TokenRequestError,
  TokenResponseError,
} from './errors'
import { classifyExpiry, type ExpiryPolicy } from './expiry'
import { isBackingOff } from './refresh-backoff'

/** What the refresh guards need besides the record. */
export interface RefreshContext {
  /** The version the caller saw when it decided to refresh. */
  readonly seenVersion: number
  readonly now: number
  readonly expiryPolicy: ExpiryPolicy
  /**
   * After another sender's marker outlived its lease, how long past that lease to wait before the one
   * retry of its refresh token (the sender may be paused, not dead, and still save its pair).
   */
  readonly unresolvedRetryDelayMs: number
}

/** A guard's answer before anything is sent: an event of the table. */
export type RefreshDecision = 'refresh_adopted' | 'refresh_declined' | 'attempt_unresolved' | 'refresh_started'

/**
 * The table's guards for a refresh, on the record re-read by a process that holds the lock (rules 3, 6
 * and 8 of DESIGN.md): adopt a newer usable record; decline when nothing may be sent (gone, grant
 * rejected, another writer just lost its response, no refresh token, an unresolved marker whose retry
 * is not due); report another sender's unresolved marker; otherwise start.
 *
 * @example
 * ```ts
 * const event = decideRefresh(await store.getConnection(key), { seenVersion, now, expiryPolicy, unresolvedRetryDelayMs })
 * ```
 */
export function decideRefresh(record: ConnectionRecord | null, context: RefreshContext): RefreshDecision {
  if (record === null) return 'refresh_declined'
  if (record.version !== context.seenVersion && isServable(record, context)) return 'refresh_adopted'
  if (record.status === 'reauthorization_required') return 'refresh_declined'
  if (record.version !== context.seenVersion && record.status === 'refresh_outcome_unknown') return 'refresh_declined'
  if ((record.refreshAttempt ?? null) !== null) {
    if (record.status === 'active') return 'attempt_unresolved'
    if (context.now < retryDueAt(record, context)) return 'refresh_declined'
  }
  if (isBackingOff(record.refreshBackoff, context.now)) return 'refresh_declined'
  return record.refreshToken === null ? 'refresh_declined' : 'refresh_started'
}

/**
 * What a waiter without the lock decides on a re-read: `refresh_adopted` or `refresh_declined` when the
 * store already settled it, `undefined` to keep waiting for the holder.
 *
 * @example
 * ```ts
 * const settled = decideWhileWaiting(await store.getConnection(key), context)
 * ```
 */
export function decideWhileWaiting(
  record: ConnectionRecord | null,
  context: RefreshContext,
): 'refresh_adopted' | 'refresh_declined' | undefined {
  const decision = decideRefresh(record, context)
  return decision === 'refresh_adopted' || decision === 'refresh_declined' ? decision : undefined
}

/** Epoch ms from which an unresolved marker's refresh token may be retried once. */
export function retryDueAt(record: ConnectionRecord, context: Pick<RefreshContext, 'unresolvedRetryDelayMs'>): number {
  const attempt = record.refreshAttempt ?? null
  return attempt === null ? 0 : attempt.leaseExpiresAt + context.unresolvedRetryDelayMs
}

/**
 * Whether callers may be served this record's access token as it is: `active` or
 * `refresh_outcome_unknown`, and not expired (a `due` token is still served while no refresh settles).
 *
 * @example
 * ```ts
 * if (isServable(record, { now, expiryPolicy })) return record.accessToken
 * ```
 */
export function isServable(record: ConnectionRecord, context: Pick<RefreshContext, 'now' | 'expiryPolicy'>): boolean {
  if (record.status === 'reauthorization_required') return false
  return classifyExpiry(record.expiresAt, context.now, context.expiryPolicy) !== 'expired'
}

/**
 * The error for a caller whose refresh settled without a servable token: why, in the SDK's taxonomy.
 *
 * @example
 * ```ts
 * throw explainUnservable(instanceKey, record, 'refresh_outcome_unknown')
 * ```
 */
export function explainUnservable(
  instanceKey: string,
  record: ConnectionRecord | null,
  state: ConnectionState,
  context: Pick<RefreshContext, 'unresolvedRetryDelayMs'>,
  cause?: unknown,
): Error {
  const options = cause === undefined ? {} : { cause }
  if (record === null || state === 'disconnected') return new NotConnectedError(instanceKey)
  if (state === 'reauthorization_required') return new ReauthorizationRequiredError(instanceKey, options)
  if (state === 'refresh_outcome_unknown' || record.status === 'refresh_outcome_unknown') {
    const pending = (record.refreshAttempt ?? null) === null ? {} : { retryAt: retryDueAt(record, context) }
    return new RefreshOutcomeUnknownError(instanceKey, { ...options, ...pending })
  }
  if (record.refreshToken === null || record.status === 'reauthorization_required') {
    return new ReauthorizationRequiredError(instanceKey, options)
  }
  const backoff = record.refreshBackoff ?? null
  if (cause === undefined && backoff !== null) {
    return new RefreshBackoffError(instanceKey, { retryAt: backoff.nextAttemptAt, reason: 'backoff' })
  }
  return cause instanceof Error ? cause : new RefreshOutcomeUnknownError(instanceKey, options)
}

/**
 * The event for a refresh call that did not return a usable pair: `refresh_rejected` for
 * `invalid_grant` (confirm with a re-read first), `refresh_lost` when the request may have been
 * delivered and its answer is unusable (the server may have rotated), else `refresh_failed`.
 *
 * @example
 * ```ts
 * const event = classifyRefreshFailure(error) // 'refresh_failed' for a 503
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function classifyRefreshFailure(error: unknown): 'refresh_rejected' | 'refresh_lost' | 'refresh_failed' {
  if (error instanceof TokenEndpointError && error.oauthError === 'invalid_grant') return 'refresh_rejected'
  if (error instanceof TokenRequestError) return error.maybeDelivered ? 'refresh_lost' : 'refresh_failed'
  if (error instanceof TokenResponseError && error.endpointStatus >= 200 && error.endpointStatus < 300) {
    return 'refresh_lost'
  }
  return 'refresh_failed'
}

/**
 * The event for a refresh that returned a new pair: `refresh_recovered` when the instance had been
 * failing (its backoff ends and `recovered` is emitted), else `refresh_succeeded`.
 *
 * @example
 * ```ts
 * const event = decideRefreshSuccess(marked) // 'refresh_succeeded'
 * ```
 */
export function decideRefreshSuccess(record: ConnectionRecord): 'refresh_succeeded' | 'refresh_recovered' {
  return (record.refreshBackoff ?? null) === null ? 'refresh_succeeded' : 'refresh_recovered'
}
