/** RFC 6749 §5.2 error codes the mock answers with. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'

/**
 * An RFC 6749 §5.2 JSON error: 401 with `WWW-Authenticate: Basic` for `invalid_client`
 * (§5.2 when the client used the Authorization header), 400 otherwise; never cached (§5.1).
 */
export function createOAuthErrorResponse(error: OAuthErrorCode, description: string): Response {
  const status = error === 'invalid_client' ? 401 : 400
  const headers = new Headers({
    'content-type': 'application/json;charset=UTF-8',
    'cache-control': 'no-store',
    pragma: 'no-cache',
  })
  if (status === 401) headers.set('www-authenticate', 'Basic realm="Radio Workflow", charset="UTF-8"')
  return new Response(JSON.stringify({ error, error_description: description }), { status, headers })
}

export function createTokenSuccessResponse(body: object): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store', pragma: 'no-cache' },
  })
}
