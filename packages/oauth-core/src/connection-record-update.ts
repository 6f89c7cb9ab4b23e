import type { ConnectionRecord, StoredConnectionStatus } from './connection-record'
import { createRedactedConnectionRecord, STORED_CONNECTION_STATUSES } from './connection-record-serialization'
import { UsageError } from './errors'
import { validateInstanceKey } from './instance-key'
import type { TokenSet } from './token-response'

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
  })
}

/**
 * The record with a new status, version + 1; tokens unchanged.
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
  return createRedactedConnectionRecord({ ...record, version: record.version + 1, status })
}
