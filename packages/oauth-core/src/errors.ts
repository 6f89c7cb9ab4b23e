import { isInstanceInAnyCopy, RADIO_WORKFLOW_ERROR_BRAND } from './error-brand'

/**
 * Typed errors with stable `code`s. Two kinds, split by blame (see STYLE.md, h11):
 * - `ConfigurationError`, `UsageError`: the caller used the SDK wrongly; thrown.
 * - everything else: the other side or the environment broke; carries an HTTP status hint
 *   (`httpStatus`) so each adapter maps errors in one switch.
 * Messages never contain tokens, secrets, codes or state values.
 */
export type RadioWorkflowErrorCode =
  | 'configuration_invalid'
  | 'usage_invalid'
  | 'state_missing'
  | 'state_unknown'
  | 'state_expired'
  | 'state_mismatch'
  | 'binding_missing'
  | 'binding_mismatch'
  | 'callback_invalid'
  | 'authorization_denied'
  | 'issuer_mismatch'
  | 'token_response_invalid'
  | 'token_endpoint_error'
  | 'token_request_failed'
  | 'not_connected'
  | 'reauthorization_required'
  | 'refresh_outcome_unknown'
  | 'refresh_timeout'
  | 'refresh_backoff'
  | 'store_unavailable'
  | 'store_corrupted'
  | 'illegal_transition'
  | 'api_request_failed'

/** Options every {@link RadioWorkflowError} subclass passes to the base constructor. */
export interface RadioWorkflowErrorOptions {
  /** The underlying error (e.g. a network `TypeError`); kept as the standard `Error.cause`. */
  readonly cause?: unknown
  /** The instance the failure concerns, when there is one. */
  readonly instanceKey?: string
  /** HTTP status an adapter should answer with. Default 500. */
  readonly httpStatus?: number
}

/**
 * Base class of every error the SDK throws. Switch on the stable `code`, never on the message; messages
 * say what to fix and never contain tokens, secrets, codes or `state` values, and neither does `toJSON`.
 *
 * @example
 * ```ts
 * try {
 *   await rw.getAccessToken(instanceKey)
 * } catch (error) {
 *   if (isRadioWorkflowError(error) && error.code === 'reauthorization_required') return redirectToLogin(instanceKey)
 *   throw error
 * }
 * ```
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2 (error responses the codes map from)
 */
export class RadioWorkflowError extends Error {
  /**
   * `instanceof` on any SDK error class recognises errors from every installed copy of the SDK, so `catch` blocks,
   * NestJS `@Catch(RadioWorkflowError)` filters and the client's own `instanceof StoreError` checks (a store may
   * load another copy of the core) keep working after a partial upgrade or with the CommonJS build next to the ESM
   * one. Same copy: the usual class check. Another copy: the brand ({@link isRadioWorkflowError}) says it is an SDK
   * error, and a class of the same name in its prototype chain says which one.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof`, a subclass included
    return isInstanceInAnyCopy(this, value)
  }

  /** The brand {@link isRadioWorkflowError} checks; an accessor on the prototype, so it never shows in logs. */
  get [RADIO_WORKFLOW_ERROR_BRAND](): true {
    return true
  }

  /** Stable machine-readable reason; see {@link RadioWorkflowErrorCode}. */
  readonly code: RadioWorkflowErrorCode
  /** The instance the failure concerns, when there is one. */
  readonly instanceKey: string | undefined
  /** The HTTP status an adapter should answer with. */
  readonly httpStatus: number

  constructor(code: RadioWorkflowErrorCode, message: string, options: RadioWorkflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.instanceKey = options.instanceKey
    this.httpStatus = options.httpStatus ?? 500
  }

  /** The error as safe-to-log JSON: name, code, message and instance, never the cause (which may quote a server body). */
  toJSON(): { name: string; code: RadioWorkflowErrorCode; message: string; instanceKey?: string } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.instanceKey === undefined ? {} : { instanceKey: this.instanceKey }),
    }
  }
}

/**
 * Configuration fields are missing or invalid. The message names each one and how to fix it; when several are,
 * `fields` lists them all and `field` is the first.
 */
export class ConfigurationError extends RadioWorkflowError {
  /** The (first) configuration field at fault, e.g. `endpoints.token`. */
  readonly field: string
  /** Every configuration field at fault, in the order the options are read. */
  readonly fields: readonly string[]
  constructor(field: string, message: string, fields: readonly string[] = [field]) {
    super('configuration_invalid', message)
    this.field = field
    this.fields = fields
  }
}

/** The SDK was called with invalid arguments (e.g. an empty instance key). */
export class UsageError extends RadioWorkflowError {
  constructor(message: string) {
    super('usage_invalid', message, { httpStatus: 400 })
  }
}

/**
 * The codes an {@link AuthorizationCallbackError} can carry: everything that can be wrong with a callback.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export type CallbackErrorCode = Extract<
  RadioWorkflowErrorCode,
  | 'state_missing'
  | 'state_unknown'
  | 'state_expired'
  | 'state_mismatch'
  | 'binding_missing'
  | 'binding_mismatch'
  | 'callback_invalid'
  | 'authorization_denied'
  | 'issuer_mismatch'
>

/** The authorization callback cannot be accepted. Safe to show the `message` to the user. */
export class AuthorizationCallbackError extends RadioWorkflowError {
  /** For `authorization_denied`: the RFC 6749 §4.1.2.1 `error` value (e.g. `access_denied`). */
  readonly oauthError: string | undefined
  constructor(code: CallbackErrorCode, message: string, options: { oauthError?: string; cause?: unknown } = {}) {
    super(code, message, { httpStatus: 400, cause: options.cause })
    this.oauthError = options.oauthError
  }
}

/** The token or refreshToken endpoint answered with an RFC 6749 §5.2 error body. */
export class TokenEndpointError extends RadioWorkflowError {
  /** The `error` value, e.g. `invalid_grant`, `invalid_client`. */
  readonly oauthError: string
  /** Status the endpoint answered with. */
  readonly endpointStatus: number
  constructor(oauthError: string, endpointStatus: number, message: string, options: RadioWorkflowErrorOptions = {}) {
    super('token_endpoint_error', message, { httpStatus: 502, ...options })
    this.oauthError = oauthError
    this.endpointStatus = endpointStatus
  }
}

/** The token endpoint answered with something that is not a valid token response. */
export class TokenResponseError extends RadioWorkflowError {
  readonly endpointStatus: number
  constructor(endpointStatus: number, message: string, options: RadioWorkflowErrorOptions = {}) {
    super('token_response_invalid', message, { httpStatus: 502, ...options })
    this.endpointStatus = endpointStatus
  }
}

/** The request to the token endpoint could not be made or its response did not arrive. */
export class TokenRequestError extends RadioWorkflowError {
  /** `true` when the request may have reached the server (its outcome is unknown). */
  readonly maybeDelivered: boolean
  constructor(message: string, options: RadioWorkflowErrorOptions & { maybeDelivered: boolean }) {
    super('token_request_failed', message, { httpStatus: 502, ...options })
    this.maybeDelivered = options.maybeDelivered
  }
}

/** No connection is stored for this instance: start an authorization first. */
export class NotConnectedError extends RadioWorkflowError {
  constructor(instanceKey: string) {
    super('not_connected', 'This instance is not connected: start an authorization for it first.', {
      instanceKey,
      httpStatus: 409,
    })
  }
}

/** The grant was rejected (`invalid_grant` confirmed): the customer must authorize again. */
export class ReauthorizationRequiredError extends RadioWorkflowError {
  constructor(instanceKey: string, options: { cause?: unknown } = {}) {
    super(
      'reauthorization_required',
      'The Radio Workflow grant for this instance is no longer valid: the customer must connect the instance again.',
      { instanceKey, httpStatus: 401, cause: options.cause },
    )
  }
}

/**
 * A refresh response was lost after the request was sent: the server may have rotated the
 * refresh token. The SDK does not retry (a retry with a rotated token would trip reuse detection).
 */
export class RefreshOutcomeUnknownError extends RadioWorkflowError {
  /** Epoch ms from which the SDK retries the refresh once, when another sender's outcome is pending; else `undefined`. */
  readonly retryAt: number | undefined
  constructor(instanceKey: string, options: { cause?: unknown; retryAt?: number } = {}) {
    super(
      'refresh_outcome_unknown',
      options.retryAt === undefined
        ? 'The refresh response for this instance was lost; the server may have rotated the refresh token. Call getAccessToken again to retry once, or reconnect the instance if that fails.'
        : `The outcome of a refresh call for this instance is unknown (its answer was lost, or its sender stopped); the server may have rotated the refresh token. The SDK retries once from ${new Date(options.retryAt).toISOString()}; reconnect the instance if that fails.`,
      { instanceKey, httpStatus: 503, cause: options.cause },
    )
    this.retryAt = options.retryAt
  }
}

/** Waiting for another process to finish refreshing took too long. */
export class RefreshTimeoutError extends RadioWorkflowError {
  constructor(instanceKey: string) {
    super('refresh_timeout', 'Timed out waiting for another process to finish refreshing this instance.', {
      instanceKey,
      httpStatus: 503,
    })
  }
}

/**
 * A refresh is not attempted now: this instance failed recently and is backing off (`reason: 'backoff'`),
 * or the token endpoint's circuit breaker is open (`reason: 'circuit_open'`). Thrown only when the access
 * token has expired; a still-valid token is served meanwhile. Retry from `retryAt` (epoch ms).
 */
export class RefreshBackoffError extends RadioWorkflowError {
  readonly retryAt: number
  readonly reason: 'backoff' | 'circuit_open'
  constructor(instanceKey: string, options: { retryAt: number; reason: 'backoff' | 'circuit_open'; cause?: unknown }) {
    super(
      'refresh_backoff',
      options.reason === 'backoff'
        ? `Refreshing this instance failed recently; the SDK waits until ${new Date(options.retryAt).toISOString()} before trying again.`
        : `The token endpoint is failing for many instances (circuit open); the SDK tries again from ${new Date(options.retryAt).toISOString()}.`,
      { instanceKey, httpStatus: 503, cause: options.cause },
    )
    this.retryAt = options.retryAt
    this.reason = options.reason
  }
}

/** The token store cannot be reached (`store_unavailable`) or holds an unreadable record (`store_corrupted`). */
export class StoreError extends RadioWorkflowError {
  constructor(
    code: Extract<RadioWorkflowErrorCode, 'store_unavailable' | 'store_corrupted'>,
    message: string,
    options: RadioWorkflowErrorOptions = {},
  ) {
    super(code, message, { httpStatus: code === 'store_unavailable' ? 503 : 500, ...options })
  }
}

/** An event is not allowed in the current connection state. The state is left untouched. */
export class IllegalTransitionError extends RadioWorkflowError {
  readonly from: string
  readonly event: string
  constructor(from: string, event: string) {
    super('illegal_transition', `Event "${event}" is not allowed in connection state "${from}".`)
    this.from = from
    this.event = event
  }
}

/** A Radio Workflow API call failed at the transport level. */
export class ApiRequestError extends RadioWorkflowError {
  constructor(message: string, options: RadioWorkflowErrorOptions = {}) {
    super('api_request_failed', message, { httpStatus: 502, ...options })
  }
}
