import { handleConnectionRequest } from '@rw/oauth-client'
import { json } from '@sveltejs/kit'
import type { RequestHandler } from './$types'

/** `GET /connections/<key>`: the connection without any token; 404 when not connected. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { status, body } = await handleConnectionRequest(locals.rw.client, params.key)
  return json(body, { status })
}
