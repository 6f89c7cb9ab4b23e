import { describeErrorForHttp } from './http-error-description'
import type { ConnectionInfo, RadioWorkflow } from './radio-workflow-types'

/** What `GET /connections/<key>` answers: the connection without any token, or a JSON error. */
export type ConnectionRouteResult =
  | { readonly status: 200; readonly body: ConnectionInfo }
  | { readonly status: number; readonly body: { readonly error: string; readonly message: string } }

/**
 * The `GET /connections/<key>` route of every example app, framework-free: 200 with the
 * connection info (never a token), 404 when the instance is not connected.
 *
 * @example
 * const { status, body } = await handleConnectionRequest(rw, c.req.param('key'))
 * return c.json(body, status)
 */
export async function handleConnectionRequest(rw: RadioWorkflow, instanceKey: string): Promise<ConnectionRouteResult> {
  try {
    const connection = await rw.getConnection(instanceKey)
    if (connection === null) {
      return { status: 404, body: { error: 'not_connected', message: 'This instance is not connected.' } }
    }
    return { status: 200, body: connection }
  } catch (error) {
    const description = describeErrorForHttp(error)
    return { status: description.status, body: { error: description.code, message: description.message } }
  }
}
