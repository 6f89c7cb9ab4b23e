import { handleApiProxyRequest, toWebResponse } from '@rw/oauth-client'
import type { RequestHandler } from './$types'

/** `GET /connections/<key>/api/<path>`: the Radio Workflow API's answer for that instance (Bearer added server-side). */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
  const route = { method: request.method, url, headers: request.headers }
  return toWebResponse(await handleApiProxyRequest(locals.rw.client, route, params.key, params.path))
}
