import {
  type ConnectionInfo,
  describeErrorForHttp,
  handleApiProxyRequest,
  handleConnectionRequest,
  type RadioWorkflow,
} from '@rw/oauth-client'
import { type Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export interface ConnectionRoutesOptions {
  readonly rw: RadioWorkflow
  readonly now: () => number
}

/**
 * `/connections`: the standard `GET /:key` and `GET /:key/api/*`, plus what the dashboard needs:
 * the list from the store's registry (`GET /?status=&cursor=`, one page with the counts per status),
 * a forced refresh and a disconnect (POST, CSRF-checked by the app).
 */
export function createConnectionRoutes({ rw, now }: ConnectionRoutesOptions): Hono {
  return new Hono()
    .get('/', async function listConnections(c) {
      c.header('cache-control', 'no-store')
      try {
        // Empty means "not given"; anything else goes to the SDK, whose UsageError becomes a 400 naming the field.
        const status = c.req.query('status') || undefined
        const cursor = c.req.query('cursor') || undefined
        const [page, counts] = await Promise.all([
          rw.listConnections({ status: status as ConnectionInfo['status'] | undefined, cursor }),
          rw.countConnections(),
        ])
        return c.json({ now: now(), connections: page.connections, cursor: page.cursor, counts })
      } catch (error) {
        return answerJsonError(c, error)
      }
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
      try {
        return c.json({ disconnected: await rw.disconnect(c.req.param('key')) })
      } catch (error) {
        return answerJsonError(c, error)
      }
    })
}

function answerJsonError(c: Context, error: unknown): Response {
  const { status, code, message, reconnect } = describeErrorForHttp(error)
  return c.json({ error: code, message, reconnect }, status as ContentfulStatusCode)
}
