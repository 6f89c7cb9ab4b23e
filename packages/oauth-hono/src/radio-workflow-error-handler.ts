import {
  answerRouteError,
  createConsoleLogger,
  createLoginLink,
  type RadioWorkflow,
  toWebResponse,
} from '@rw/oauth-client'
import type { Context } from 'hono'

/** Turns an error of your own routes into the SDK's error answer; use it in `app.onError`. */
export type RadioWorkflowErrorHandler = (error: unknown, c: Context) => Response

/** Options of {@link createRadioWorkflowErrorHandler}. */
export interface RadioWorkflowErrorHandlerOptions {
  /** The client from `createRadioWorkflow`. */
  readonly rw: RadioWorkflow
  /**
   * Where the "Connect again" link points (state, consent and reauthorization errors), given the instance
   * when the error names one. Default: the login route beside the configured redirect URI's callback.
   */
  readonly reconnectUrl?: (instanceKey: string | undefined) => string | undefined
}

/**
 * SDK errors of your own routes as the same answer the SDK's routes give: the HTML error page (JSON for
 * clients accepting only JSON) with the status from `describeErrorForHttp`, `no-store` and `nosniff`;
 * `reauthorization_required` is a 401 with a "Connect again" link.
 *
 * @example
 * const answerError = createRadioWorkflowErrorHandler({ rw })
 * app.onError((error, c) => answerError(error, c))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function createRadioWorkflowErrorHandler({
  rw,
  reconnectUrl = createLoginLink(rw.config.redirectUri),
}: RadioWorkflowErrorHandlerOptions): RadioWorkflowErrorHandler {
  const logger = createConsoleLogger()
  return function answerRadioWorkflowError(error, c) {
    return toWebResponse(
      answerRouteError(error, {
        format: 'page',
        accept: c.req.header('accept') ?? null,
        reconnectUrl,
        logger,
      }),
    )
  }
}
