// STUB
import type { ResolvedConfig } from './config'
import type { PendingAuthorization } from './pending-authorization'

/** The `state` of a callback and the id its pending authorization is stored under. */
export interface CallbackState {
  readonly state: string
  readonly stateId: string
}

/**
 * First step of a callback: reads `state` (throws `state_missing`, or `callback_invalid` when
 * duplicated) so the runtime can consume the pending authorization by `stateId`.
 */
export function readCallbackState(callbackUrl: string | URL): CallbackState {
  void callbackUrl
  throw new Error('not implemented')
}

export interface CallbackValidationInput {
  readonly callbackUrl: string | URL
  /** What `consumePendingAuthorization(stateId)` returned. */
  readonly pending: PendingAuthorization | null
  /** The binding cookie's value, if the browser sent one. */
  readonly binding: string | null | undefined
  readonly now: number
}

export interface ValidatedCallback {
  readonly code: string
  readonly pending: PendingAuthorization
}

/**
 * Second step: checks pending (unknown/expired/mismatched state), the browser binding, `error=`
 * responses (RFC 6749 §4.1.2.1; `error_description` is never trusted as markup), the code, duplicated
 * parameters and `iss` when an issuer is configured. Throws `AuthorizationCallbackError`.
 */
export function validateCallback(config: ResolvedConfig, input: CallbackValidationInput): ValidatedCallback {
  void config
  void input
  throw new Error('not implemented')
}
