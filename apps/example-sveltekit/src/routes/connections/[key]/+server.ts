import { handleConnectionRequest, toWebResponse } from '@rw/oauth-client'
import type { RequestHandler } from './$types'

/** `GET /connections/<key>`: the connection without any token; 404 when not connected. */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
  const route = { method: request.method, url, headers: request.headers }
  return toWebResponse(await handleConnectionRequest(locals.rw.client, route, params.key))
}
