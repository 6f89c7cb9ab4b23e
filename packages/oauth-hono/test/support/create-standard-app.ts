import { handleApiProxyRequest, handleConnectionRequest, type RadioWorkflow, toWebResponse } from '@rw/oauth-client'
import { type Context, Hono } from 'hono'
import { radioWorkflowRoutes } from '../../src/index'

const readRequest = (c: Context) => ({ method: c.req.method, url: c.req.url, headers: c.req.raw.headers })

/** The standard HTTP surface of every example app (DESIGN.md), in Hono. */
export function createStandardApp(rw: RadioWorkflow): Hono {
  return new Hono()
    .route('/auth/rw', radioWorkflowRoutes({ rw }))
    .get('/connections/:key', async (c) =>
      toWebResponse(await handleConnectionRequest(rw, readRequest(c), c.req.param('key'))),
    )
    .get('/connections/:key/api/:path{.+}', async (c) =>
      toWebResponse(await handleApiProxyRequest(rw, readRequest(c), c.req.param('key'), c.req.param('path'))),
    )
}
