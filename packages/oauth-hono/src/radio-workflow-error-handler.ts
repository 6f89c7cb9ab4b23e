import { handleCallbackFailure, type RadioWorkflow, serializeCookie } from '@rw/oauth-client'
import { isRadioWorkflowError } from '@rw/oauth-core'
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

/** Options of {@link createRadioWorkflowErrorHandler}. */
export interface RadioWorkflowErrorHandlerOptions {
  /** The client from `createRadioWorkflow`; its redirect URI decides how the binding cookie is cleared. */
  readonly rw: RadioWorkflow
  /**
   * Where the "Connect again" link points (shown for state, consent and reauthorization errors), given
   * the instance when the error names one. Default: `login?instance=<key>`, relative, so it resolves beside
   * the callback route wherever the routes are mounted; no link when the instance is unknown.
   */
  readonly reconnectUrl?: (instanceKey: string | undefined) => string | undefined
}

function linkBesideCallback(instanceKey: string | undefined): string | undefined {
  return instanceKey === undefined ? undefined : `login?${new URLSearchParams({ instance: instanceKey })}`
}

/**
 * The one place SDK errors become HTTP responses: a plain HTML page (no stack, token or secret) with
 * the status from `describeErrorForHttp` (state errors 400, `reauthorization_required` 401 with a
 * "Connect again" link when the instance is known). After a failed callback it clears the binding cookie.
 *
 * @example
 * const answerError = createRadioWorkflowErrorHandler({ rw, reconnectUrl: (key) => `/auth/rw/login?instance=${key}` })
 * app.onError((error, c) => answerError(error, c, 'request'))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function createRadioWorkflowErrorHandler({
  rw,
  reconnectUrl = linkBesideCallback,
}: RadioWorkflowErrorHandlerOptions): RadioWorkflowErrorHandler {
  return function answerRadioWorkflowError(error, c, phase) {
    const link = reconnectUrl(isRadioWorkflowError(error) ? error.instanceKey : undefined)
    const failure = handleCallbackFailure(rw, error, link === undefined ? {} : { reconnectUrl: link })
    if (phase === 'callback') c.header('set-cookie', serializeCookie(failure.clearCookie), { append: true })
    c.header('cache-control', 'no-store')
    return c.html(failure.html, failure.status as ContentfulStatusCode)
  }
}
