import { handleCallbackFailure, type RadioWorkflow, serializeCookie } from '@rw/oauth-client'
import { RadioWorkflowError } from '@rw/oauth-core'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Where the error happened: only a failed callback clears the binding cookie. */
export type RadioWorkflowErrorPhase = 'login' | 'callback' | 'request'

/** Turns an error into the response. Override it in `radioWorkflowRoutes({ onError })`, or reuse it in `app.onError`. */
export type RadioWorkflowErrorHandler = (
  error: unknown,
  c: Context,
  phase: RadioWorkflowErrorPhase,
) => Response | Promise<Response>

export interface RadioWorkflowErrorHandlerOptions {
  readonly rw: RadioWorkflow
  /** The login route for "Connect again" links. Default `login` (relative: right beside the callback route). */
  readonly loginPath?: string
}

/**
 * The one place SDK errors become HTTP responses: a plain HTML page (no stack, token or secret) with
 * the status from `describeErrorForHttp` (state errors 400, `reauthorization_required` 401 with a
 * "Connect again" link when the instance is known). After a failed callback it clears the binding cookie.
 *
 * @example
 * const answerError = createRadioWorkflowErrorHandler({ rw, loginPath: '/auth/rw/login' })
 * app.onError((error, c) => answerError(error, c, 'request'))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function createRadioWorkflowErrorHandler({
  rw,
  loginPath = 'login',
}: RadioWorkflowErrorHandlerOptions): RadioWorkflowErrorHandler {
  return function answerRadioWorkflowError(error, c, phase) {
    const instanceKey = error instanceof RadioWorkflowError ? error.instanceKey : undefined
    const reconnectUrl =
      instanceKey === undefined ? undefined : `${loginPath}?${new URLSearchParams({ instance: instanceKey })}`
    const failure = handleCallbackFailure(rw, error, reconnectUrl === undefined ? {} : { reconnectUrl })
    if (phase === 'callback') c.header('set-cookie', serializeCookie(failure.clearCookie), { append: true })
    c.header('cache-control', 'no-store')
    return c.html(failure.html, failure.status as ContentfulStatusCode)
  }
}
