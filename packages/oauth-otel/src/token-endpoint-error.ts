import type { HttpResponse } from '@rw/oauth-core'

// RFC 6749 §5.2 error codes. Anything else is reported by HTTP status, so no server-chosen string
// (which could be anything) becomes a metric label.
const OAUTH_ERROR_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
])

/**
 * The error code of a token-endpoint answer with status ≥ 400: its RFC 6749 `error` when it is one of the
 * standard codes, else `http_<status>` (e.g. a gateway's HTML 502 is `http_502`).
 *
 * @example
 * ```ts
 * readTokenEndpointErrorCode({ status: 400, headers: {}, body: '{"error":"invalid_grant"}' }) // 'invalid_grant'
 * ```
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function readTokenEndpointErrorCode(response: HttpResponse): string {
  try {
    const error = (JSON.parse(response.body) as { error?: unknown } | null)?.error
    if (typeof error === 'string' && OAUTH_ERROR_CODES.has(error)) return error
  } catch {
    // Not JSON: reported by status below.
  }
  return `http_${response.status}`
}
