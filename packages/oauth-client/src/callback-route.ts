import { createClearedBindingCookie, readBindingCookieName, readBindingFlowIds, readFlowId } from './binding-cookie'
import { readCookie, serializeCookie } from './cookie-header'
import type { CompletedAuthorization, RadioWorkflow } from './radio-workflow-types'
import { answerMethodNotAllowed, answerRedirect, type RouteAnswer } from './route-answer'
import { answerRouteError } from './route-error'
import { type AuthRouteOptions, resolveRouteOptions } from './route-options'
import { type RouteRequest, readRequestHeader } from './route-request'

/** Options of {@link handleCallbackRequest}. */
export interface CallbackRouteOptions extends AuthRouteOptions {
  /** Runs after the connection is stored, before the redirect (e.g. to link the instance to your user). A throw becomes the error answer. */
  readonly onConnected?: (completed: CompletedAuthorization) => void | Promise<void>
}

/**
 * The whole `GET /auth/rw/callback` route, framework-free: completes the flow (state, this flow's binding
 * cookie, one code exchange) and answers a 302 to the validated `returnTo`, or the SDK's error page. Either
 * way the flow's binding cookie is cleared (single use). Only `GET` completes a callback: any other method
 * (`HEAD` from a link checker) is a `405` that consumes nothing.
 *
 * @example
 * app.get('/auth/rw/callback', async (c) => toWebResponse(await handleCallbackRequest(rw, { method: c.req.method, url: c.req.url, headers: c.req.raw.headers })))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export async function handleCallbackRequest(
  rw: RadioWorkflow,
  request: RouteRequest,
  options: CallbackRouteOptions = {},
): Promise<RouteAnswer> {
  const resolved = resolveRouteOptions(rw, options)
  if (request.method !== 'GET') return answerMethodNotAllowed()
  const target = { redirectUri: rw.config.redirectUri }
  const cookieHeader = readRequestHeader(request.headers, 'cookie')
  const state = new URL(request.url, 'http://callback.invalid').searchParams.get('state')
  const flowId = state === null || state === '' ? null : readFlowId(state)
  // Without a state no flow can be named: clear every binding cookie the browser sent.
  const clearedFlowIds = flowId === null ? readBindingFlowIds(target, cookieHeader) : [flowId]
  const cleared = clearedFlowIds.map((id) => serializeCookie(createClearedBindingCookie(target, id)))
  try {
    const binding = flowId === null ? null : readCookie(cookieHeader, readBindingCookieName(target, flowId))
    const completed = await rw.completeAuthorization(request.url, { binding })
    await options.onConnected?.(completed)
    return answerRedirect(completed.returnTo, cleared)
  } catch (error) {
    const headers = cleared.map((value) => ['set-cookie', value] as const)
    return answerRouteError(error, { ...resolved.errorOptions(request, 'page'), headers })
  }
}
