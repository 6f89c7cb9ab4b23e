import { describeErrorForHttp } from './http-error-description'
import type { RadioWorkflow } from './radio-workflow-types'

// Letters, digits and the unreserved punctuation of RFC 3986 §2.3, in `/`-separated segments.
const SAFE_API_PATH = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/

/**
 * The `GET /connections/<key>/api/<path>` route of every example app, framework-free: forwards
 * a GET to `<endpoints.api>/<path>` through `rw.fetch` (Bearer attached, one refresh on 401)
 * and answers with the API's status, content type and body. Errors become JSON
 * `{ error, message }` with the SDK's HTTP status. Paths with `..` or unusual characters are refused,
 * so the token only ever reaches the API base.
 *
 * @example
 * return handleApiProxyRequest(rw, c.req.param('key'), c.req.param('path'))
 */
export async function handleApiProxyRequest(
  rw: RadioWorkflow,
  instanceKey: string,
  apiPath: string,
): Promise<Response> {
  if (!SAFE_API_PATH.test(apiPath) || apiPath.split('/').some((segment) => segment === '..' || segment === '.')) {
    return Response.json(
      {
        error: 'usage_invalid',
        message: 'The API path may only contain letters, digits, "-", "_", "~", "." and "/" segments.',
      },
      { status: 400 },
    )
  }
  const api = rw.config.endpoints.api
  if (api === null) {
    return Response.json(
      { error: 'configuration_invalid', message: 'endpoints.api is not configured.' },
      { status: 500 },
    )
  }
  try {
    const upstream = await rw.fetch(instanceKey, new URL(`${api.replace(/\/+$/, '')}/${apiPath}`), { method: 'GET' })
    const headers = new Headers()
    const contentType = upstream.headers.get('content-type')
    if (contentType !== null) headers.set('content-type', contentType)
    return new Response(await upstream.arrayBuffer(), { status: upstream.status, headers })
  } catch (error) {
    const description = describeErrorForHttp(error)
    return Response.json(
      { error: description.code, message: description.message, reconnect: description.reconnect },
      { status: description.status },
    )
  }
}
