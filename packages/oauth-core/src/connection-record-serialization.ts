import type { ConnectionRecord, StoredConnectionStatus } from './connection-record'
import { createRedactedPrintingPrototype, redactTokenPair } from './redact'
import { StoredFieldReader } from './stored-fields'

/** Every status a stored record may have. */
export const STORED_CONNECTION_STATUSES: readonly StoredConnectionStatus[] = Object.freeze([
  'active',
  'refresh_outcome_unknown',
  'reauthorization_required',
])

// Shared by every record (stores cache thousands of them): see createRedactedPrintingPrototype.
const CONNECTION_RECORD_PRINTING = createRedactedPrintingPrototype<ConnectionRecord>(
  'ConnectionRecord',
  redactTokenPair,
)

/**
 * Copies the fields of a record into a frozen {@link ConnectionRecord} that prints both tokens
 * redacted. Fields stay enumerable so `{ ...record }` and field-by-field serialization still see
 * them (see `attachRedactedPrinting` for why).
 *
 * @example
 * ```ts
 * const record = createRedactedConnectionRecord({ ...stored, status: 'active' })
 * ```
 */
export function createRedactedConnectionRecord(fields: ConnectionRecord): ConnectionRecord {
  const fieldsCopy: ConnectionRecord = {
    instanceKey: fields.instanceKey,
    version: fields.version,
    status: fields.status,
    accessToken: fields.accessToken,
    refreshToken: fields.refreshToken,
    tokenType: 'Bearer',
    scopes: Object.freeze([...fields.scopes]),
    expiresAt: fields.expiresAt,
    obtainedAt: fields.obtainedAt,
    lastRefreshAt: fields.lastRefreshAt,
    // Only present while a refresh marker is on the record, so records without one compare equal
    // to records built by hand (custom stores, tests) that never heard of markers.
    ...((fields.refreshAttempt ?? null) === null ? {} : { refreshAttempt: fields.refreshAttempt }),
    ...((fields.refreshBackoff ?? null) === null ? {} : { refreshBackoff: fields.refreshBackoff }),
  }
  return Object.freeze(Object.assign(Object.create(CONNECTION_RECORD_PRINTING) as object, fieldsCopy))
}

/**
 * The JSON text a store keeps for a record, tokens included (encrypt it at rest: the Redis store
 * does). `JSON.stringify(record)` is redacted on purpose, so stores must use this.
 *
 * @example
 * ```ts
 * const text = serializeConnectionRecord(record)
 * ```
 */
export function serializeConnectionRecord(record: ConnectionRecord): string {
  return JSON.stringify({
    instanceKey: record.instanceKey,
    version: record.version,
    status: record.status,
    accessToken: record.accessToken,
    refreshToken: record.refreshToken,
    tokenType: record.tokenType,
    scopes: record.scopes,
    expiresAt: record.expiresAt,
    obtainedAt: record.obtainedAt,
    lastRefreshAt: record.lastRefreshAt,
    ...((record.refreshAttempt ?? null) === null ? {} : { refreshAttempt: record.refreshAttempt }),
    ...((record.refreshBackoff ?? null) === null ? {} : { refreshBackoff: record.refreshBackoff }),
  })
}

/**
 * Parses and validates what {@link serializeConnectionRecord} produced into a redacting record.
 * Anything else throws `StoreError` with code `store_corrupted` naming the bad field (never its value).
 *
 * @example
 * ```ts
 * const record = text === null ? null : parseConnectionRecord(text)
 * ```
 */
export function parseConnectionRecord(json: string): ConnectionRecord {
  const reader = new StoredFieldReader(json, 'connection record')
  return createRedactedConnectionRecord({
    instanceKey: reader.readString('instanceKey'),
    version: reader.readVersion('version'),
    status: reader.readOneOf('status', STORED_CONNECTION_STATUSES),
    accessToken: reader.readToken('accessToken'),
    refreshToken: reader.readNullableToken('refreshToken'),
    tokenType: reader.readOneOf('tokenType', ['Bearer'] as const),
    scopes: reader.readStrings('scopes'),
    expiresAt: reader.readTime('expiresAt'),
    obtainedAt: reader.readTime('obtainedAt'),
    lastRefreshAt: reader.readNullableTime('lastRefreshAt'),
    refreshAttempt: reader.readRefreshAttempt('refreshAttempt'),
    refreshBackoff: reader.readRefreshBackoff('refreshBackoff'),
  })
}
