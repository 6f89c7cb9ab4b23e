import {
  handleCallbackRequest,
  handleHealthRequest,
  handleLoginRequest,
  type RadioWorkflow,
  serializeCookie,
} from '@rw/oauth-client'
import { UsageError } from '@rw/oauth-core'
import { type Context, Hono } from 'hono'
import { type InstanceKeyResolver, readInstanceQuery, resolveInstanceKeyOrNull } from './instance-key-resolver'
import { requireFunction, requireRadioWorkflow } from './option-validation'
import { createRadioWorkflowErrorHandler, type RadioWorkflowErrorHandler } from './radio-workflow-error-handler'

/** Options of {@link radioWorkflowRoutes}. */
export interface RadioWorkflowRoutesOptions {
  /** The client from `createRadioWorkflow`. */
  readonly rw: RadioWorkflow
  /** Which instance `GET /login` connects. Default: `?instance=`. Never read on the callback. */
  readonly resolveInstanceKey?: InstanceKeyResolver
  /** Scopes `GET /login` requests. Default: the client's configured `scopes`. */
  readonly resolveScopes?: (c: Context) => readonly string[] | undefined
  /** Answers login and callback errors. Default: {@link createRadioWorkflowErrorHandler}. */
  readonly onError?: RadioWorkflowErrorHandler
  /** Runs after a successful callback, before the redirect (e.g. to link the instance to your user). */
  readonly onConnected?: (c: Context, connected: { readonly instanceKey: string }) => void | Promise<void>
  /** Also mount `GET /health` (`rw.health()`: 200, or 503 when the store does not answer). Default `false`. */
  readonly health?: boolean
}

/**
 * `GET /login` (302 to Radio Workflow, sets the browser-binding cookie) and `GET /callback`
 * (completes the flow, clears the cookie, 302 to the validated `returnTo`). Mount it anywhere; only
 * the callback's query is read, and redirects and cookies follow the configured `redirectUri`, never
 * Host or X-Forwarded-* headers.
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
  onError = createRadioWorkflowErrorHandler({ rw }),
  onConnected = () => {},
  health = false,
}: RadioWorkflowRoutesOptions): Hono {
  requireRadioWorkflow('radioWorkflowRoutes', rw)
  requireFunction('radioWorkflowRoutes', 'resolveInstanceKey', resolveInstanceKey)
  requireFunction('radioWorkflowRoutes', 'resolveScopes', resolveScopes)
  requireFunction('radioWorkflowRoutes', 'onError', onError)
  requireFunction('radioWorkflowRoutes', 'onConnected', onConnected)

  const routes = new Hono()
    .get('/login', async function startRadioWorkflowLogin(c) {
      try {
        const instanceKey = await resolveInstanceKeyOrNull(resolveInstanceKey, c)
        if (instanceKey === null) {
          throw new UsageError(
            'Choose the instance to connect: /login?instance=<key> (or configure resolveInstanceKey).',
          )
        }
        const scopes = resolveScopes(c)
        const returnTo = c.req.query('returnTo')
        const { redirectTo, setCookie } = await handleLoginRequest(rw, {
          instanceKey,
          ...(returnTo === undefined ? {} : { returnTo }),
          ...(scopes === undefined ? {} : { scopes }),
        })
        c.header('set-cookie', serializeCookie(setCookie), { append: true })
        c.header('cache-control', 'no-store')
        return c.redirect(redirectTo, 302)
      } catch (error) {
        return onError(error, c, 'login')
      }
    })
    .get('/callback', async function completeRadioWorkflowCallback(c) {
      try {
        const { redirectTo, clearCookie, instanceKey } = await handleCallbackRequest(rw, {
          url: c.req.url,
          cookieHeader: c.req.header('cookie'),
        })
        await onConnected(c, { instanceKey })
        c.header('set-cookie', serializeCookie(clearCookie), { append: true })
        c.header('cache-control', 'no-store')
        return c.redirect(redirectTo, 302)
      } catch (error) {
        return onError(error, c, 'callback')
      }
    })
  if (health) {
    routes.get('/health', async function answerRadioWorkflowHealth() {
      const { status, headers, body } = await handleHealthRequest(rw)
      return new Response(body, { status, headers: headers.map(([name, value]) => [name, value]) })
    })
  }
  return routes
}
