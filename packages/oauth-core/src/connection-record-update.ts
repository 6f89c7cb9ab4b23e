import type { ConnectionRecord, StoredConnectionStatus } from './connection-record'
import { createRedactedConnectionRecord, STORED_CONNECTION_STATUSES } from './connection-record-serialization'
import { UsageError } from './errors'
import { validateInstanceKey } from './instance-key'
import type { RefreshAttempt } from './refresh-attempt'
import type { RefreshBackoff } from './refresh-backoff'
import type { TokenSet } from './token-set'

/**
 * A record for a fresh code exchange: version = previous version + 1 (1 when none), `active`.
 * A `previous` record of another instance is refused, so tokens never cross instances.
 *
 * @example
 * ```ts
 * const record = createConnectionRecord(pending.instanceKey, tokens, await store.getConnection(pending.instanceKey))
 * await store.saveConnection(record, { expectedVersion: previous?.version ?? null })
 * ```
 */
export function createConnectionRecord(
  instanceKey: string,
  tokens: TokenSet,
  previous: ConnectionRecord | null,
): ConnectionRecord {
  validateInstanceKey(instanceKey)
  if (previous !== null && previous.instanceKey !== instanceKey) {
    throw new UsageError(
      'The previous record belongs to another instance: pass the record stored under the same instanceKey.',
    )
  }
  return createRedactedConnectionRecord({
    instanceKey,
    version: previous === null ? 1 : previous.version + 1,
    status: 'active',
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    tokenType: 'Bearer',
    scopes: tokens.scopes,
    expiresAt: tokens.expiresAt,
    obtainedAt: tokens.obtainedAt,
    lastRefreshAt: null,
    refreshAttempt: null,
  })
}

/**
 * The record after a successful refresh: new tokens, `active`, version + 1, `lastRefreshAt` =
 * tokens.obtainedAt. When the response carried no refresh token the stored one is kept
 * (non-rotating servers, RFC 6749 §6).
 *
 * @example
 * ```ts
 * const next = applyRefreshedTokens(record, processTokenResponse(response, { now, requestedScopes: record.scopes, previousRefreshToken: record.refreshToken }))
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function applyRefreshedTokens(record: ConnectionRecord, tokens: TokenSet): ConnectionRecord {
  return createRedactedConnectionRecord({
    ...record,
    version: record.version + 1,
    status: 'active',
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken ?? record.refreshToken,
    scopes: tokens.scopes,
    expiresAt: tokens.expiresAt,
    obtainedAt: tokens.obtainedAt,
    lastRefreshAt: tokens.obtainedAt,
    refreshAttempt: null,
    refreshBackoff: null,
  })
}

/**
 * The record with a new status, version + 1; tokens unchanged; a refresh marker is cleared (the
 * outcome it stood for is now recorded).
 *
 * @example
 * ```ts
 * await store.saveConnection(markConnectionStatus(record, 'reauthorization_required'), { expectedVersion: record.version })
 * ```
 */
export function markConnectionStatus(record: ConnectionRecord, status: StoredConnectionStatus): ConnectionRecord {
  if (!STORED_CONNECTION_STATUSES.includes(status)) {
    throw new UsageError(`status must be one of ${STORED_CONNECTION_STATUSES.join(', ')}.`)
  }
  return createRedactedConnectionRecord({ ...record, version: record.version + 1, status, refreshAttempt: null })
}

/**
 * The record after a refresh that failed without rotating anything: marker cleared, `active`, the
 * backoff every process honours, version + 1.
 *
 * @example
 * ```ts
 * const failed = recordRefreshFailure(marked, computeRefreshBackoff(marked.refreshBackoff ?? null, { now, random, code, retryAfterMs }))
 * ```
 */
export function recordRefreshFailure(record: ConnectionRecord, backoff: RefreshBackoff): ConnectionRecord {
  return createRedactedConnectionRecord({
    ...record,
    version: record.version + 1,
    status: 'active',
    refreshAttempt: null,
    refreshBackoff: backoff,
  })
}

/**
 * The record carrying the write-ahead marker of a refresh call about to be sent, version + 1
 * (DESIGN.md refresh rule 8). Saved before the refresh token is sent.
 *
 * @example
 * ```ts
 * const marked = recordRefreshAttempt(record, createRefreshAttempt({ id, now, leaseMs }))
 * ```
 */
export function recordRefreshAttempt(record: ConnectionRecord, attempt: RefreshAttempt): ConnectionRecord {
  return createRedactedConnectionRecord({ ...record, version: record.version + 1, refreshAttempt: attempt })
}

/**
 * The record after a refresh call that was never sent or was refused without rotating anything:
 * marker cleared, `active`, version + 1.
 *
 * @example
 * ```ts
 * await store.saveConnection(clearRefreshAttempt(marked), { expectedVersion: marked.version })
 * ```
 */
export function clearRefreshAttempt(record: ConnectionRecord): ConnectionRecord {
  return createRedactedConnectionRecord({
    ...record,
    version: record.version + 1,
    status: 'active',
    refreshAttempt: null,
  })
}

/**
 * The record when a refresh call's outcome is unknown (its answer was lost, or a holder finds another
 * sender's marker whose lease ran out): nobody knows whether that call rotated the refresh token, so the
 * status says `refresh_outcome_unknown` and the marker stays. Its sender may still save the pair it may
 * have received, and the one retry waits until the marker's retry is due: a request that timed out may
 * still reach the server late.
 *
 * @example
 * ```ts
 * const unknown = markAttemptUnresolved(record) // status refresh_outcome_unknown, marker kept
 * ```
 */
export function markAttemptUnresolved(record: ConnectionRecord): ConnectionRecord {
  return createRedactedConnectionRecord({
    ...record,
    version: record.version + 1,
    status: 'refresh_outcome_unknown',
  })
}

/**
 * The refreshed record rebuilt on `latest` when `latest` still carries the sender's own marker
 * (`attemptId`): the pair the server issued replaces the spent one even after another holder marked
 * the outcome unknown. `null` when anything else was written since (that writer's record wins).
 *
 * @example
 * ```ts
 * const next = rebaseRefreshedTokens(await store.getConnection(key), attempt.id, tokens)
 * ```
 */
export function rebaseRefreshedTokens(
  latest: ConnectionRecord | null,
  attemptId: string,
  tokens: TokenSet,
): ConnectionRecord | null {
  if (latest === null || (latest.refreshAttempt ?? null)?.id !== attemptId) return null
  if (latest.status === 'reauthorization_required') return null
  return applyRefreshedTokens(latest, tokens)
}
