import type { RadioWorkflow } from './radio-workflow-types'
import { createRouteAnswer, type RouteAnswer } from './route-answer'
import { answerRouteError, type RouteErrorBody } from './route-error'
import { type AuthRouteOptions, resolveRouteOptions } from './route-options'
import type { RouteRequest } from './route-request'

/**
 * The `GET /connections/<key>` route of every example app, framework-free: 200 with the connection info
 * as JSON (never a token), 404 `not_connected`, or the SDK's JSON error; never cached, never sniffed.
 *
 * @example
 * app.get('/connections/:key', async (c) => toWebResponse(await handleConnectionRequest(rw, { method: c.req.method, url: c.req.url, headers: c.req.raw.headers }, c.req.param('key'))))
 */
export async function handleConnectionRequest(
  rw: RadioWorkflow,
  request: RouteRequest,
  instanceKey: string,
  options: AuthRouteOptions = {},
): Promise<RouteAnswer> {
  const errorOptions = resolveRouteOptions(rw, options).errorOptions(request, 'json')
  try {
    const connection = await rw.getConnection(instanceKey)
    if (connection === null) {
      const reconnectUrl = errorOptions.reconnectUrl(instanceKey)
      const body: RouteErrorBody = {
        error: 'not_connected',
        message: 'This instance is not connected.',
        reconnect: true,
        ...(reconnectUrl === undefined ? {} : { reconnectUrl }),
      }
      return answerJson(404, body)
    }
    return answerJson(200, connection)
  } catch (error) {
    return answerRouteError(error, errorOptions)
  }
}

function answerJson(status: number, body: unknown): RouteAnswer {
  return createRouteAnswer(status, [['content-type', 'application/json; charset=utf-8']], JSON.stringify(body))
}
