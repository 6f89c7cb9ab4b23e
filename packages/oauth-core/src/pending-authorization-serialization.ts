import type { PendingAuthorization } from './pending-authorization'
import { attachRedactedPrinting, redactSecret } from './redact'
import { StoredFieldReader } from './stored-fields'

/**
 * Copies the fields of a pending authorization into a frozen object that prints `state` and
 * `codeVerifier` redacted. Stores need not call it: {@link parsePendingAuthorization} does.
 *
 * @example
 * ```ts
 * const pending = createPendingAuthorization({ ...fields })
 * String(pending) // 'PendingAuthorization {"state":"[redacted]",…}'
 * ```
 */
export function createPendingAuthorization(fields: PendingAuthorization): PendingAuthorization {
  const pending: PendingAuthorization = {
    stateId: fields.stateId,
    state: fields.state,
    bindingHash: fields.bindingHash,
    codeVerifier: fields.codeVerifier,
    instanceKey: fields.instanceKey,
    scopes: Object.freeze([...fields.scopes]),
    returnTo: fields.returnTo,
    redirectUri: fields.redirectUri,
    createdAt: fields.createdAt,
    expiresAt: fields.expiresAt,
  }
  return Object.freeze(
    attachRedactedPrinting(pending, 'PendingAuthorization', (p) => ({
      ...p,
      state: redactSecret(p.state),
      codeVerifier: p.codeVerifier === null ? null : redactSecret(p.codeVerifier),
    })),
  )
}

/**
 * The JSON text a store keeps for a pending authorization (all fields, secrets included: stores
 * protect it at rest). Read it back with {@link parsePendingAuthorization}.
 *
 * @example
 * ```ts
 * await redis.set(key, serializePendingAuthorization(pending), 'PX', pending.expiresAt - now)
 * ```
 */
export function serializePendingAuthorization(pending: PendingAuthorization): string {
  return JSON.stringify({
    stateId: pending.stateId,
    state: pending.state,
    bindingHash: pending.bindingHash,
    codeVerifier: pending.codeVerifier,
    instanceKey: pending.instanceKey,
    scopes: pending.scopes,
    returnTo: pending.returnTo,
    redirectUri: pending.redirectUri,
    createdAt: pending.createdAt,
    expiresAt: pending.expiresAt,
  })
}

/**
 * Parses and validates what {@link serializePendingAuthorization} produced. Anything else throws
 * `StoreError` with code `store_corrupted` naming the bad field (never its value).
 *
 * @example
 * ```ts
 * const pending = text === null ? null : parsePendingAuthorization(text)
 * ```
 */
export function parsePendingAuthorization(json: string): PendingAuthorization {
  const reader = new StoredFieldReader(json, 'pending authorization')
  return createPendingAuthorization({
    stateId: reader.readString('stateId'),
    state: reader.readString('state'),
    bindingHash: reader.readString('bindingHash'),
    codeVerifier: reader.readNullableString('codeVerifier'),
    instanceKey: reader.readString('instanceKey'),
    scopes: reader.readStrings('scopes'),
    returnTo: reader.readString('returnTo'),
    redirectUri: reader.readString('redirectUri'),
    createdAt: reader.readTime('createdAt'),
    expiresAt: reader.readTime('expiresAt'),
  })
}
