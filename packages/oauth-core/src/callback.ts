import type { ResolvedConfig } from './config'
import { AuthorizationCallbackError } from './errors'
import { equalsInConstantTime, hashToBase64url } from './hash'
import type { PendingAuthorization } from './pending-authorization'

/** The `state` of a callback and the id its pending authorization is stored under. */
export interface CallbackState {
  readonly state: string
  readonly stateId: string
}

const MAX_PARAMETER_LENGTH = 4096
const PLACEHOLDER_ORIGIN = 'https://callback.invalid'
const RESTART = 'Please start connecting the instance again.'

/**
 * First step of a callback: reads `state` (throws `state_missing`, or `callback_invalid` when
 * duplicated) so the runtime can consume the pending authorization by `stateId`. A path-only
 * URL (`/auth/rw/callback?…`) is accepted.
 *
 * @example
 * ```ts
 * const { stateId } = readCallbackState(request.url)
 * const pending = await store.consumePendingAuthorization(stateId)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export function readCallbackState(callbackUrl: string | URL): CallbackState {
  const parameters = readCallbackParameters(callbackUrl)
  const state = readSingleParameter(parameters, 'state')
  if (state === undefined || state === '') {
    throw new AuthorizationCallbackError('state_missing', `The sign-in response has no state parameter. ${RESTART}`)
  }
  return { state, stateId: hashToBase64url(state) }
}

/** Input of {@link validateCallback}: the callback URL plus what the store and the browser cookie hold for it. */
export interface CallbackValidationInput {
  /** The full URL the browser was redirected to, query included. */
  readonly callbackUrl: string | URL
  /** What `consumePendingAuthorization(stateId)` returned. */
  readonly pending: PendingAuthorization | null
  /** The binding cookie's value, if the browser sent one. */
  readonly binding: string | null | undefined
  /** Current time, epoch ms: an expired pending authorization is rejected. */
  readonly now: number
}

/** A callback that passed every check: the code to exchange and the pending authorization it belongs to. */
export interface ValidatedCallback {
  /** The single-use authorization code; exchange it at once with `createTokenRequest`. */
  readonly code: string
  /** The consumed pending authorization: instance, scopes, PKCE verifier and `returnTo` come from here. */
  readonly pending: PendingAuthorization
}

/**
 * Second step: checks pending (unknown/expired/mismatched state), the browser binding, duplicated
 * parameters, `iss` when an issuer is configured (RFC 9207: checked before trusting `error` too),
 * `error=` responses (RFC 6749 §4.1.2.1) and the code. Throws `AuthorizationCallbackError`;
 * its message is safe to show to the user: it never contains `state`, `code` or the server's
 * `error_description` (attacker-controllable text, so it is not echoed at all).
 *
 * The instance being connected comes from `pending.instanceKey`, never from the query.
 *
 * @example
 * ```ts
 * const { code, pending } = validateCallback(config, { callbackUrl, pending, binding: cookie, now })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function validateCallback(config: ResolvedConfig, input: CallbackValidationInput): ValidatedCallback {
  const { state } = readCallbackState(input.callbackUrl)
  const parameters = readCallbackParameters(input.callbackUrl)
  const code = readSingleParameter(parameters, 'code')
  const error = readSingleParameter(parameters, 'error')
  const issuer = readSingleParameter(parameters, 'iss')
  const { pending } = input

  if (pending === null || pending === undefined) {
    throw new AuthorizationCallbackError(
      'state_unknown',
      `This sign-in link is unknown, was already used, or has expired. ${RESTART}`,
    )
  }
  if (!equalsInConstantTime(pending.state, state)) {
    throw new AuthorizationCallbackError(
      'state_mismatch',
      `The sign-in response does not match the request. ${RESTART}`,
    )
  }
  if (input.now >= pending.expiresAt) {
    throw new AuthorizationCallbackError('state_expired', `The sign-in took too long and has expired. ${RESTART}`)
  }
  if (typeof input.binding !== 'string' || input.binding === '') {
    throw new AuthorizationCallbackError(
      'binding_missing',
      `This browser did not start the sign-in (its sign-in cookie is missing). Start it again from the same browser.`,
    )
  }
  if (!equalsInConstantTime(hashToBase64url(input.binding), pending.bindingHash)) {
    throw new AuthorizationCallbackError(
      'binding_mismatch',
      `The sign-in was started in a different browser or session. Start it again from this browser.`,
    )
  }
  if (config.issuer !== null && (issuer === undefined || !equalsInConstantTime(issuer, config.issuer))) {
    throw new AuthorizationCallbackError(
      'issuer_mismatch',
      `The sign-in response came from an unexpected authorization server. ${RESTART}`,
    )
  }
  if (error !== undefined) throw createDeniedError(error)
  if (code === undefined || code === '') {
    throw new AuthorizationCallbackError(
      'callback_invalid',
      `The sign-in response has no authorization code. ${RESTART}`,
    )
  }
  return { code, pending }
}

function createDeniedError(error: string): AuthorizationCallbackError {
  // RFC 6749 §4.1.2.1: error codes are printable ASCII without `"` and `\`; anything else is not echoed.
  if (!/^[\x20\x21\x23-\x5B\x5D-\x7E]{1,64}$/.test(error)) {
    return new AuthorizationCallbackError(
      'callback_invalid',
      `The sign-in response carries a malformed error. ${RESTART}`,
    )
  }
  const reason =
    error === 'access_denied'
      ? 'The authorization was declined, so the instance was not connected.'
      : error === 'invalid_scope'
        ? 'Radio Workflow refused the requested permissions (note: "dubbed" can only be granted by a Super User).'
        : /^[\w.-]+$/.test(error)
          ? `Radio Workflow did not authorize the connection (error "${error}").`
          : 'Radio Workflow did not authorize the connection.'
  return new AuthorizationCallbackError('authorization_denied', `${reason} ${RESTART}`, { oauthError: error })
}

function readCallbackParameters(callbackUrl: string | URL): URLSearchParams {
  try {
    return new URL(callbackUrl, PLACEHOLDER_ORIGIN).searchParams
  } catch (cause) {
    throw new AuthorizationCallbackError('callback_invalid', `The sign-in response URL cannot be read. ${RESTART}`, {
      cause,
    })
  }
}

function readSingleParameter(parameters: URLSearchParams, name: string): string | undefined {
  const values = parameters.getAll(name)
  if (values.length > 1) {
    throw new AuthorizationCallbackError(
      'callback_invalid',
      `The sign-in response repeats the "${name}" parameter, which is not allowed (RFC 6749 §3.1). ${RESTART}`,
    )
  }
  const value = values[0]
  if (value !== undefined && value.length > MAX_PARAMETER_LENGTH) {
    throw new AuthorizationCallbackError(
      'callback_invalid',
      `The sign-in response "${name}" parameter is too long. ${RESTART}`,
    )
  }
  return value
}
