import { handleApiProxyRequest } from '@rw/oauth-client'
import type { RequestHandler } from '@sveltejs/kit'

export const GET: RequestHandler = ({ locals, params }) =>
  handleApiProxyRequest(locals.rw.client, params.key ?? '', params.path ?? '')
