import { UsageError } from '@rw/oauth-core'
import {
  type BindingCookieTarget,
  createBindingCookie,
  createClearedBindingCookie,
  MAX_CONCURRENT_FLOWS,
  readBindingFlowIds,
  readFlowId,
} from './binding-cookie'
import { serializeCookie } from './cookie-header'
import type { RadioWorkflow } from './radio-workflow-types'
import { answerMethodNotAllowed, answerRedirect, type RouteAnswer } from './route-answer'
import { answerRouteError } from './route-error'
import { type AuthRouteOptions, resolveRouteOptions } from './route-options'
import { type RouteRequest, readInstanceQuery, readQueryParameter, readRequestHeader } from './route-request'

/** Options of {@link handleLoginRequest}. */
export interface LoginRouteOptions extends AuthRouteOptions {
  /**
   * Which instance to connect, from your own session or route; validated by you: it is who gets connected.
   * Default: `?instance=<key>` (given once).
   */
  readonly resolveInstanceKey?: () => string | null | undefined | Promise<string | null | undefined>
  /** Scopes to request. Default: the configured `scopes`. */
  readonly resolveScopes?: () => readonly string[] | undefined | Promise<readonly string[] | undefined>
}

/**
 * The whole `GET /auth/rw/login?instance=<key>&returnTo=<path>` route, framework-free: a 302 to the
 * authorize URL that sets this flow's binding cookie (one cookie per flow, at most
 * {@link MAX_CONCURRENT_FLOWS} per browser; the oldest are cleared beyond that). Any failure is the SDK's
 * error answer, with no cookie. Only `GET` is served (`405` otherwise, nothing stored).
 *
 * @example
 * app.get('/auth/rw/login', async (c) => toWebResponse(await handleLoginRequest(rw, { method: c.req.method, url: c.req.url, headers: c.req.raw.headers })))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export async function handleLoginRequest(
  rw: RadioWorkflow,
  request: RouteRequest,
  options: LoginRouteOptions = {},
): Promise<RouteAnswer> {
  const resolved = resolveRouteOptions(rw, options)
  if (request.method !== 'GET') return answerMethodNotAllowed()
  try {
    const instanceKey = await (options.resolveInstanceKey?.() ?? readInstanceQuery(request.url))
    if (instanceKey === null || instanceKey === undefined || instanceKey === '') {
      throw new UsageError('Choose the instance to connect: /login?instance=<key> (or configure resolveInstanceKey).')
    }
    const returnTo = readQueryParameter(request.url, 'returnTo')
    const scopes = await options.resolveScopes?.()
    const started = await rw.startAuthorization({
      instanceKey,
      ...(returnTo === undefined ? {} : { returnTo }),
      ...(scopes === undefined ? {} : { scopes }),
    })
    const flowId = readFlowId(new URL(started.url).searchParams.get('state') ?? '')
    const target: BindingCookieTarget = { redirectUri: rw.config.redirectUri }
    const maxAgeSeconds = Math.max(1, Math.ceil(rw.config.pendingAuthorizationTtlMs / 1000))
    const cookies = [
      ...readSurplusFlowIds(target, readRequestHeader(request.headers, 'cookie')).map((oldFlowId) =>
        createClearedBindingCookie(target, oldFlowId),
      ),
      createBindingCookie({ binding: started.binding, flowId, maxAgeSeconds, ...target }),
    ]
    return answerRedirect(started.url, cookies.map(serializeCookie))
  } catch (error) {
    return answerRouteError(error, resolved.errorOptions(request, 'page'))
  }
}

// Browsers list cookies of the same path oldest first (RFC 6265 §5.4): keep the newest, make room for one more.
function readSurplusFlowIds(target: BindingCookieTarget, cookieHeader: string | null): string[] {
  const flowIds = readBindingFlowIds(target, cookieHeader)
  return flowIds.slice(0, Math.max(0, flowIds.length - (MAX_CONCURRENT_FLOWS - 1)))
}
