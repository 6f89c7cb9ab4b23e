import { handleConnectionRequest } from '@rw/oauth-client'
import { json, type RequestHandler } from '@sveltejs/kit'

export const GET: RequestHandler = async ({ locals, params }) => {
  const { status, body } = await handleConnectionRequest(locals.rw.client, params.key ?? '')
  return json(body, { status })
}
