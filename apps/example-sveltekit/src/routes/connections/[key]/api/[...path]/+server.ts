import { handleApiProxyRequest } from '@rw/oauth-client'
import type { RequestHandler } from './$types'

/** `GET /connections/<key>/api/<path>`: the Radio Workflow API's answer for that instance (Bearer added server-side). */
export const GET: RequestHandler = ({ locals, params }) =>
  handleApiProxyRequest(locals.rw.client, params.key, params.path)
