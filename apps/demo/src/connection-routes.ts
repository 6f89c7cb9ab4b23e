import {
  type ConnectionInfo,
  describeErrorForHttp,
  handleApiProxyRequest,
  handleConnectionRequest,
  type RadioWorkflow,
} from '@rw/oauth-client'
import { type Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ConnectedInstanceList } from './connected-instance-list'

export interface ConnectionRoutesOptions {
  readonly rw: RadioWorkflow
  readonly instances: ConnectedInstanceList
  readonly now: () => number
}

/**
 * `/connections`: the standard `GET /:key` and `GET /:key/api/*`, plus what the dashboard needs:
 * the list (`GET /`), a forced refresh and a disconnect (POST, CSRF-checked by the app).
 */
export function createConnectionRoutes({ rw, instances, now }: ConnectionRoutesOptions): Hono {
  return new Hono()
    .get('/', async function listConnections(c) {
      const found = await Promise.all((await instances.list()).map((key) => rw.getConnection(key)))
      const connections = found.filter((connection): connection is ConnectionInfo => connection !== null)
      c.header('cache-control', 'no-store')
      return c.json({ now: now(), connections })
    })
    .get('/:key', async function showConnection(c) {
      const { status, body } = await handleConnectionRequest(rw, c.req.param('key'))
      return c.json(body, status as ContentfulStatusCode)
    })
    .get('/:key/api/:path{.+}', (c) => handleApiProxyRequest(rw, c.req.param('key'), c.req.param('path')))
    .post('/:key/refresh', async function refreshConnection(c) {
      try {
        return c.json({ connection: await rw.refresh(c.req.param('key')) })
      } catch (error) {
        return answerJsonError(c, error)
      }
    })
    .post('/:key/disconnect', async function disconnectConnection(c) {
      const key = c.req.param('key')
      try {
        const disconnected = await rw.disconnect(key)
        await instances.remove(key)
        return c.json({ disconnected })
      } catch (error) {
        return answerJsonError(c, error)
      }
    })
}

function answerJsonError(c: Context, error: unknown): Response {
  const { status, code, message, reconnect } = describeErrorForHttp(error)
  return c.json({ error: code, message, reconnect }, status as ContentfulStatusCode)
}
