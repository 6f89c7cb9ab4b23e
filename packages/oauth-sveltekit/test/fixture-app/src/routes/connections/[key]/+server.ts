import { handleConnectionRequest, toWebResponse } from '@rw/oauth-client'
import type { RequestHandler } from '@sveltejs/kit'

export const GET: RequestHandler = async ({ locals, params, request, url }) =>
  toWebResponse(
    await handleConnectionRequest(
      locals.rw.client,
      { method: request.method, url, headers: request.headers },
      params.key ?? '',
    ),
  )
