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
      try {
        const found = await Promise.all((await instances.list()).map((key) => rw.getConnection(key)))
        const connections = found.filter((connection): connection is ConnectionInfo => connection !== null)
        c.header('cache-control', 'no-store')
        return c.json({ now: now(), connections })
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
      const key = c.req.param('key')
      try {
        const disconnected = await rw.disconnect(key)
        await instances.remove(key)
        return c.json({ disconnected })
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
