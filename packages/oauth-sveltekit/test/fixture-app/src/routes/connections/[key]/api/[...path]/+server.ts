import { handleApiProxyRequest, toWebResponse } from '@rw/oauth-client'
import type { RequestHandler } from '@sveltejs/kit'

export const GET: RequestHandler = async ({ locals, params, request, url }) => {
  const route = { method: request.method, url, headers: request.headers }
  return toWebResponse(await handleApiProxyRequest(locals.rw.client, route, params.key ?? '', params.path ?? ''))
}
