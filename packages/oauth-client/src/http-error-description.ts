import { isRadioWorkflowError, type RadioWorkflowErrorCode } from '@rw/oauth-core'

/** How an adapter answers an error: one switch for every framework. */
export interface HttpErrorDescription {
  readonly status: number
  readonly code: RadioWorkflowErrorCode | 'internal_error'
  readonly title: string
  /** Safe to show to the end user: never a token, secret, code or stack. */
  readonly message: string
  /** `true` when running the authorization again is the fix: offer a "Connect again" link. */
  readonly reconnect: boolean
}

const TITLES: Record<RadioWorkflowErrorCode, string> = {
  configuration_invalid: 'Configuration error',
  usage_invalid: 'Invalid request',
  state_missing: 'Invalid authorization callback',
  state_unknown: 'Authorization expired or already used',
  state_expired: 'Authorization expired',
  state_mismatch: 'Invalid authorization callback',
  binding_missing: 'Authorization started in another browser',
  binding_mismatch: 'Authorization started in another browser',
  callback_invalid: 'Invalid authorization callback',
  authorization_denied: 'Authorization was not granted',
  issuer_mismatch: 'Invalid authorization callback',
  token_response_invalid: 'Radio Workflow answered unexpectedly',
  token_endpoint_error: 'Radio Workflow refused the request',
  token_request_failed: 'Radio Workflow could not be reached',
  not_connected: 'Instance not connected',
  reauthorization_required: 'Reconnect required',
  refresh_outcome_unknown: 'Connection needs attention',
  refresh_timeout: 'Radio Workflow is busy',
  refresh_backoff: 'Radio Workflow is temporarily unavailable',
  store_unavailable: 'Storage unavailable',
  store_corrupted: 'Storage error',
  illegal_transition: 'Internal error',
  api_request_failed: 'Radio Workflow could not be reached',
}

// These messages name the configured endpoint or API URL: pages and JSON show a generic text instead
// (route handlers log the full message).
const PUBLIC_MESSAGES: Partial<Record<RadioWorkflowErrorCode, string>> = {
  token_request_failed: 'Radio Workflow could not be reached. Please try again in a moment.',
  api_request_failed: 'The Radio Workflow API could not be reached. Please try again in a moment.',
}

const RECONNECT_CODES = new Set<RadioWorkflowErrorCode>([
  'reauthorization_required',
  'not_connected',
  'state_missing',
  'state_unknown',
  'state_expired',
  'state_mismatch',
  'binding_missing',
  'binding_mismatch',
  'authorization_denied',
])

/**
 * Maps any thrown value to an HTTP answer. SDK errors keep their (secret-free) message and their
 * `httpStatus` (callback, state and binding errors are 400), except that unreachable-endpoint errors get a
 * generic message (theirs names the configured URL); anything else is a generic 500 that reveals no internals.
 *
 * @example
 * } catch (error) {
 *   const description = describeErrorForHttp(error)
 *   return new Response(renderErrorPage(description), { status: description.status, headers: { 'content-type': 'text/html; charset=utf-8' } })
 * }
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function describeErrorForHttp(error: unknown): HttpErrorDescription {
  if (!isRadioWorkflowError(error)) {
    return {
      status: 500,
      code: 'internal_error',
      title: 'Something went wrong',
      message: 'An unexpected error occurred. Please try again later.',
      reconnect: false,
    }
  }
  return {
    status: error.httpStatus,
    code: error.code,
    title: TITLES[error.code],
    message: PUBLIC_MESSAGES[error.code] ?? error.message,
    reconnect: RECONNECT_CODES.has(error.code),
  }
}
