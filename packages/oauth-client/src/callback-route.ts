import { type BindingCookie, createClearedBindingCookie, readBindingCookieName } from './binding-cookie'
import { readCookie } from './cookie-header'
import { renderErrorPage } from './error-page'
import { describeErrorForHttp, type HttpErrorDescription } from './http-error-description'
import type { RadioWorkflow } from './radio-workflow-types'

/** What {@link handleCallbackRequest} needs from the incoming `GET /auth/rw/callback` request. */
export interface CallbackRequestInput {
  /**
   * The callback request's URL, absolute or just path and query (`req.url`). Only its query is read, so
   * a spoofed Host or X-Forwarded-* header cannot change anything.
   */
  readonly url: string | URL
  /** The request's `Cookie` header. */
  readonly cookieHeader: string | null | undefined
}

/** What to answer after a successful callback: a redirect that clears the binding cookie. */
export interface CallbackRequestResult {
  /** Answer with a 302 to this same-origin path (the `returnTo` of the login, default `/`). */
  readonly redirectTo: string
  /** Always send it: the binding is single-use. */
  readonly clearCookie: BindingCookie
  /** The instance that was connected, taken from the stored pending authorization (never from the query). */
  readonly instanceKey: string
}

/**
 * The whole `GET /auth/rw/callback` route, framework-free. Throws the SDK's typed errors; answer
 * them with {@link handleCallbackFailure}, which also clears the binding cookie.
 *
 * @example
 * try {
 *   const { redirectTo, clearCookie } = await handleCallbackRequest(rw, { url: c.req.url, cookieHeader: c.req.header('cookie') })
 *   c.header('set-cookie', serializeCookie(clearCookie))
 *   return c.redirect(redirectTo)
 * } catch (error) {
 *   const failure = handleCallbackFailure(rw, error)
 *   c.header('set-cookie', serializeCookie(failure.clearCookie))
 *   return c.html(failure.html, failure.status)
 * }
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export async function handleCallbackRequest(
  rw: RadioWorkflow,
  input: CallbackRequestInput,
): Promise<CallbackRequestResult> {
  const target = { redirectUri: rw.config.redirectUri }
  const binding = readCookie(input.cookieHeader, readBindingCookieName(target))
  const completed = await rw.completeAuthorization(input.url, { binding })
  return {
    redirectTo: completed.returnTo,
    clearCookie: createClearedBindingCookie(target),
    instanceKey: completed.instanceKey,
  }
}

/** The error response {@link handleCallbackFailure} builds: status, description, HTML page and the cookie to clear. */
export interface CallbackFailureResponse {
  /** HTTP status to answer with (4xx for a bad callback, 5xx when Radio Workflow failed). */
  readonly status: number
  /** The same error as data, for JSON answers or your own page. */
  readonly description: HttpErrorDescription
  /** `renderErrorPage(description)`. */
  readonly html: string
  /** Always send it: the binding is single-use, even when the callback failed. */
  readonly clearCookie: BindingCookie
}

/** Everything an adapter sends when `handleCallbackRequest` throws. */
export function handleCallbackFailure(
  rw: RadioWorkflow,
  error: unknown,
  options: { readonly reconnectUrl?: string } = {},
): CallbackFailureResponse {
  const description = describeErrorForHttp(error)
  return {
    status: description.status,
    description,
    html: renderErrorPage(description, options),
    clearCookie: createClearedBindingCookie({ redirectUri: rw.config.redirectUri }),
  }
}
