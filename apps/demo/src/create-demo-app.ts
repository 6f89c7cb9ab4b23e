import type { RadioWorkflow } from '@rw/oauth-client'
import { createRadioWorkflowErrorHandler, radioWorkflowRoutes } from '@rw/oauth-hono'
import { Hono } from 'hono'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { createConnectionRoutes } from './connection-routes'
import { renderDashboardPage } from './dashboard-page'
import { DASHBOARD_SCRIPT } from './dashboard-script'

export interface DemoAppOptions {
  readonly rw: RadioWorkflow
  /** The app's own origin (from the configured redirect URI): state-changing POSTs must come from it. */
  readonly origin: string
  /** The server clock the dashboard computes "expires in" against. Default `Date.now`. */
  readonly now?: () => number
  /** Offered in the connect form (e.g. the mock's instances). */
  readonly suggestedInstances?: readonly { readonly key: string; readonly name: string }[]
  /** One line about which Radio Workflow this talks to, shown on the dashboard. */
  readonly backendDescription?: string
}

const LOGIN_PATH = '/auth/rw/login'

/**
 * The demo: the standard surface (`/auth/rw/login`, `/auth/rw/callback`, `/connections/<key>`,
 * `/connections/<key>/api/<path>`) plus a dashboard at `/` listing the store's connections (its registry).
 */
export function createDemoApp({
  rw,
  origin,
  now = Date.now,
  suggestedInstances = [],
  backendDescription = '',
}: DemoAppOptions): Hono {
  const reconnectUrl = (instanceKey: string | undefined) =>
    instanceKey === undefined ? '/' : `${LOGIN_PATH}?${new URLSearchParams({ instance: instanceKey })}`
  const answerError = createRadioWorkflowErrorHandler({ rw, reconnectUrl })

  const app = new Hono()
  // Sec-Fetch-Site: same-origin, or else Origin equal to the configured origin (never the Host header).
  app.use('/connections/*', csrf({ origin }))
  app.route(
    '/auth/rw',
    radioWorkflowRoutes({
      rw,
      reconnectUrl,
      resolveScopes: readRequestedScopes,
    }),
  )
  app.route('/connections', createConnectionRoutes({ rw, now }))
  app.get('/', (c) => {
    c.header('cache-control', 'no-store')
    return c.html(renderDashboardPage({ suggestedInstances, backendDescription }))
  })
  app.get('/dashboard.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8')
    return c.body(DASHBOARD_SCRIPT)
  })
  app.get('/favicon.ico', (c) => c.body(null, 204))
  app.notFound((c) => c.html(renderNotFoundPage(), 404))
  app.onError(function answerDemoError(error, c) {
    if (error instanceof HTTPException) return error.getResponse()
    return answerError(error, c)
  })
  return app
}

function readRequestedScopes(c: { req: { queries(name: string): string[] | undefined } }): string[] | undefined {
  const scopes = c.req.queries('scope')?.filter((scope) => scope !== '')
  return scopes === undefined || scopes.length === 0 ? undefined : scopes
}

function renderNotFoundPage(): string {
  return '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto"><h1>Not found</h1><p><a href="/">Back to the dashboard</a></p></body></html>\n'
}
