import { UsageError } from '@rw/oauth-core'
import type { RadioWorkflow } from './radio-workflow-types'
import { createRouteAnswer, type RouteAnswer } from './route-answer'
import { answerRouteError } from './route-error'
import { type AuthRouteOptions, resolveRouteOptions } from './route-options'
import type { RouteRequest } from './route-request'

// Letters, digits and the unreserved punctuation of RFC 3986 §2.3, in `/`-separated segments.
const SAFE_API_PATH = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/
// The upstream body is served on the app's origin: it may never run script or load anything there.
const PROXY_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"

/**
 * The `GET /connections/<key>/api/<path>` route of every example app, framework-free: `rw.fetch(key, path)`
 * (Bearer attached, one refresh on 401) and the API's status, content type and body, with `no-store`,
 * `nosniff` and a CSP that forbids scripts, so an upstream `text/html` cannot act on the app's origin.
 * Errors are the SDK's JSON error. Paths with `..` or unusual characters are refused, so the token only
 * ever reaches the API base.
 *
 * @example
 * app.get('/connections/:key/api/:path{.+}', async (c) => toWebResponse(await handleApiProxyRequest(rw, { method: c.req.method, url: c.req.url, headers: c.req.raw.headers }, c.req.param('key'), c.req.param('path'))))
 */
export async function handleApiProxyRequest(
  rw: RadioWorkflow,
  request: RouteRequest,
  instanceKey: string,
  apiPath: string,
  options: AuthRouteOptions = {},
): Promise<RouteAnswer> {
  try {
    if (!SAFE_API_PATH.test(apiPath) || apiPath.split('/').some((segment) => segment === '..' || segment === '.')) {
      throw new UsageError('The API path may only contain letters, digits, "-", "_", "~", "." and "/" segments.')
    }
    const upstream = await rw.fetch(instanceKey, apiPath, { method: 'GET' })
    const contentType = upstream.headers.get('content-type')
    const headers: Array<readonly [string, string]> = [['content-security-policy', PROXY_CSP]]
    if (contentType !== null) headers.push(['content-type', contentType])
    return createRouteAnswer(upstream.status, headers, new Uint8Array(await upstream.arrayBuffer()))
  } catch (error) {
    return answerRouteError(error, resolveRouteOptions(rw, options).errorOptions(request, 'json'))
  }
}
