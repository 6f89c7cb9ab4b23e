import { handleApiProxyRequest, handleConnectionRequest, type RadioWorkflow } from '@rw/oauth-client'
import { Hono } from 'hono'
import { radioWorkflowRoutes } from '../../src/index'

/** The standard HTTP surface of every example app (DESIGN.md), in Hono. */
export function createStandardApp(rw: RadioWorkflow): Hono {
  return new Hono()
    .route('/auth/rw', radioWorkflowRoutes({ rw }))
    .get('/connections/:key', async (c) => {
      const { status, body } = await handleConnectionRequest(rw, c.req.param('key'))
      return c.json(body, status as 200)
    })
    .get('/connections/:key/api/:path{.+}', (c) => handleApiProxyRequest(rw, c.req.param('key'), c.req.param('path')))
}
