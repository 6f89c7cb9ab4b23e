import {
  handleCallbackRequest,
  handleHealthRequest,
  handleLoginRequest,
  type RadioWorkflow,
  type RadioWorkflowLogger,
  type RouteRequest,
  toWebResponse,
} from '@rw/oauth-client'
import { type Context, Hono } from 'hono'
import { type InstanceKeyResolver, readInstanceQuery, resolveInstanceKeyOrNull } from './instance-key-resolver'
import { requireFunction, requireRadioWorkflow } from './option-validation'

/** Options of {@link radioWorkflowRoutes}. */
export interface RadioWorkflowRoutesOptions {
  /** The client from `createRadioWorkflow`. */
  readonly rw: RadioWorkflow
  /** Which instance `GET /login` connects. Default: `?instance=`. Never read on the callback. */
  readonly resolveInstanceKey?: InstanceKeyResolver
  /** Scopes `GET /login` requests. Default: the client's configured `scopes`. */
  readonly resolveScopes?: (c: Context) => readonly string[] | undefined
  /** Where the error page's "Connect again" link points. Default: the login route beside the callback. */
  readonly reconnectUrl?: (instanceKey: string | undefined) => string | undefined
  /** Where server errors are logged in full. Default: the console. */
  readonly logger?: RadioWorkflowLogger
  /** Runs after a successful callback, before the redirect (e.g. to link the instance to your user). */
  readonly onConnected?: (c: Context, connected: { readonly instanceKey: string }) => void | Promise<void>
  /** Also mount `GET /health` (`rw.health()`: 200, or 503 when the store does not answer). Default `false`. */
  readonly health?: boolean
}

/**
 * `GET /login` (302 to Radio Workflow, sets the flow's binding cookie) and `GET /callback` (completes the
 * flow, clears the cookie, 302 to the validated `returnTo`), answered by the client's route handlers, so
 * every rule (repeated parameters, `HEAD`, `no-store`, error pages) is the same in every adapter. Mount it
 * anywhere; only the callback's query is read, and redirects and cookies follow the configured
 * `redirectUri`, never Host or X-Forwarded-* headers.
 *
 * @example
 * app.route('/auth/rw', radioWorkflowRoutes({ rw }))
 * // <a href="/auth/rw/login?instance=desert-broadcasters&returnTo=/stations">Connect</a>
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export function radioWorkflowRoutes({
  rw,
  resolveInstanceKey = readInstanceQuery,
  resolveScopes = () => undefined,
  onConnected = () => {},
  health = false,
  ...answerOptions
}: RadioWorkflowRoutesOptions): Hono {
  requireRadioWorkflow('radioWorkflowRoutes', rw)
  requireFunction('radioWorkflowRoutes', 'resolveInstanceKey', resolveInstanceKey)
  requireFunction('radioWorkflowRoutes', 'resolveScopes', resolveScopes)
  requireFunction('radioWorkflowRoutes', 'onConnected', onConnected)

  const routes = new Hono()
    .get('/login', async function startRadioWorkflowLogin(c) {
      const answer = await handleLoginRequest(rw, readRouteRequest(c), {
        ...answerOptions,
        resolveInstanceKey: () => resolveInstanceKeyOrNull(resolveInstanceKey, c),
        resolveScopes: () => resolveScopes(c),
      })
      return toWebResponse(answer)
    })
    .get('/callback', async function completeRadioWorkflowCallback(c) {
      const answer = await handleCallbackRequest(rw, readRouteRequest(c), {
        ...answerOptions,
        onConnected: ({ instanceKey }) => onConnected(c, { instanceKey }),
      })
      return toWebResponse(answer)
    })
  if (health) {
    routes.get('/health', async function answerRadioWorkflowHealth() {
      const { status, headers, body } = await handleHealthRequest(rw)
      return new Response(body, { status, headers: headers.map(([name, value]) => [name, value]) })
    })
  }
  return routes
}

// Hono's `app.get` also answers `HEAD`: the real method goes to the client, which refuses it.
function readRouteRequest(c: Context): RouteRequest {
  return { method: c.req.method, url: c.req.url, headers: c.req.raw.headers }
}
