import {
  answerRouteError,
  type ConnectionInfo,
  createConsoleLogger,
  handleApiProxyRequest,
  handleConnectionRequest,
  type RadioWorkflow,
  toWebResponse,
} from '@rw/oauth-client'
import { type Context, Hono } from 'hono'

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
        const [page, counts, health] = await Promise.all([
          rw.listConnections({ status: status as ConnectionInfo['status'] | undefined, cursor }),
          rw.countConnections(),
          rw.health(),
        ])
        // Listings carry no backoff state; a demo page is small enough to read each record for it.
        const connections = await Promise.all(
          page.connections.map(async (connection) => (await rw.getConnection(connection.instanceKey)) ?? connection),
        )
        return c.json({
          now: now(),
          connections,
          cursor: page.cursor,
          counts,
          breaker: health.breaker?.state ?? 'closed',
        })
      } catch (error) {
        return answerJsonError(error)
      }
    })
    .get('/:key', async function showConnection(c) {
      return toWebResponse(await handleConnectionRequest(rw, readRequest(c), c.req.param('key')))
    })
    .get('/:key/api/:path{.+}', async function proxyApi(c) {
      return toWebResponse(await handleApiProxyRequest(rw, readRequest(c), c.req.param('key'), c.req.param('path')))
    })
    .post('/:key/refresh', async function refreshConnection(c) {
      try {
        return c.json({ connection: await rw.refresh(c.req.param('key')) })
      } catch (error) {
        return answerJsonError(error)
      }
    })
    .post('/:key/disconnect', async function disconnectConnection(c) {
      try {
        return c.json({ disconnected: await rw.disconnect(c.req.param('key')) })
      } catch (error) {
        return answerJsonError(error)
      }
    })
}

const logger = createConsoleLogger()

function readRequest(c: Context) {
  return { method: c.req.method, url: c.req.url, headers: c.req.raw.headers }
}

// The SDK's one JSON error shape (no-store, nosniff), as the standard routes answer.
function answerJsonError(error: unknown): Response {
  const options = { format: 'json', accept: null, reconnectUrl: () => undefined, logger } as const
  return toWebResponse(answerRouteError(error, { ...options, headers: [] }))
}
