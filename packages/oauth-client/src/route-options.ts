import { ConfigurationError } from '@rw/oauth-core'
import { createConsoleLogger } from './console-logger'
import type { RadioWorkflow, RadioWorkflowLogger } from './radio-workflow-types'
import { createRouteAnswer, type RouteAnswer } from './route-answer'
import type { RouteErrorOptions } from './route-error'
import { type RouteRequest, readRequestHeader } from './route-request'

/** Options every client route handler accepts. */
export interface AuthRouteOptions {
  /**
   * Where the error page's "Connect again" link points for an instance (`undefined`: no link). Default:
   * the login route beside the callback of the configured redirect URI, e.g. `/auth/rw/login?instance=<key>`.
   */
  readonly reconnectUrl?: (instanceKey: string | undefined) => string | undefined
  /** Where 5xx errors are logged in full (the answer shows a generic message). Default: the console. */
  readonly logger?: RadioWorkflowLogger
}

export interface ResolvedRouteOptions {
  errorOptions(request: RouteRequest, format: RouteErrorOptions['format']): RouteErrorOptions
}

const defaultLogger = createConsoleLogger()

export function resolveRouteOptions(rw: RadioWorkflow, options: AuthRouteOptions): ResolvedRouteOptions {
  const reconnectUrl = options.reconnectUrl ?? createLoginLink(rw.config.redirectUri)
  const logger = options.logger ?? defaultLogger
  return {
    errorOptions: (request, format) => ({
      format,
      accept: readRequestHeader(request.headers, 'accept'),
      reconnectUrl,
      logger,
    }),
  }
}

/**
 * The login route beside the redirect URI's callback, as a same-origin absolute path: for
 * `https://partner.example/auth/rw/callback`, `/auth/rw/login?instance=<key>`; for `/callback`, `/login?...`.
 *
 * @example
 * createLoginLink(rw.config.redirectUri)('desert-broadcasters') // '/auth/rw/login?instance=desert-broadcasters'
 */
export function createLoginLink(redirectUri: string): (instanceKey: string | undefined) => string | undefined {
  const callbackPath = new URL(redirectUri).pathname
  const loginPath = `${callbackPath.slice(0, callbackPath.lastIndexOf('/') + 1)}login`
  return (instanceKey) =>
    instanceKey === undefined ? undefined : `${loginPath}?${new URLSearchParams({ instance: instanceKey })}`
}

/** A 302 to `location` with the given `Set-Cookie` values. */
export function answerRedirect(location: string, setCookies: readonly string[]): RouteAnswer {
  return createRouteAnswer(
    302,
    [['location', location], ...setCookies.map((value) => ['set-cookie', value] as const)],
    null,
  )
}

/** Login and callback serve `GET` only: a `HEAD` (link checker, prefetch) must not start or consume a flow. */
export function answerMethodNotAllowed(): RouteAnswer {
  return createRouteAnswer(
    405,
    [
      ['allow', 'GET'],
      ['content-type', 'text/plain; charset=utf-8'],
    ],
    'Method Not Allowed',
  )
}

/**
 * Fails at start-up when an adapter mounts its callback route somewhere the configured redirect URI does not
 * point (the callback would 404). `mountedPath` may be preceded by a prefix the adapter cannot see (e.g. a
 * NestJS global prefix), so the redirect URI's path must end with it.
 *
 * @example
 * requireCallbackAtRedirectUri(rw.config.redirectUri, '/auth/rw/callback', 'prefix')
 */
export function requireCallbackAtRedirectUri(redirectUri: string, mountedPath: string, field: string): void {
  const redirectPath = new URL(redirectUri).pathname
  if (!redirectPath.endsWith(mountedPath)) {
    throw new ConfigurationError(
      field,
      `The callback route is mounted at ${mountedPath} but the redirect URI's path is ${redirectPath}; set ${field} to match the redirect URI.`,
    )
  }
}
