import { RadioWorkflowError } from '@rw/oauth-core'
import { renderErrorPage } from './error-page'
import { describeErrorForHttp, type HttpErrorDescription } from './http-error-description'
import type { RadioWorkflowLogger } from './radio-workflow-types'
import { createRouteAnswer, type RouteAnswer } from './route-answer'

/** The one JSON error body of every SDK route (connection, API proxy, and login/callback for JSON clients). */
export interface RouteErrorBody {
  readonly error: HttpErrorDescription['code']
  /** Safe to show: never a token, secret, code, stack or configured URL. */
  readonly message: string
  /** `true` when connecting again is the fix. */
  readonly reconnect: boolean
  /** Where to connect again, when `reconnect` and the instance is known. */
  readonly reconnectUrl?: string
}

/** How a route answers an error. */
export interface RouteErrorOptions {
  /** `page`: the HTML error page, unless the client accepts only JSON. `json`: always JSON. */
  readonly format: 'page' | 'json'
  /** The request's `Accept` header. */
  readonly accept: string | null
  /** The "Connect again" target for an instance, or `undefined` for none. */
  readonly reconnectUrl: (instanceKey: string | undefined) => string | undefined
  /** Server errors (5xx) are logged here with their full message, which the answer leaves out. */
  readonly logger: RadioWorkflowLogger
  /** Extra headers, e.g. cleared binding cookies. */
  readonly headers?: ReadonlyArray<readonly [string, string]>
}

/** Turns any thrown value into the SDK's error answer (status from the error, no-store, nosniff). */
export function answerRouteError(error: unknown, options: RouteErrorOptions): RouteAnswer {
  const description = describeErrorForHttp(error)
  if (description.status >= 500) logServerError(options.logger, error, description)
  const instanceKey = error instanceof RadioWorkflowError ? error.instanceKey : undefined
  const reconnectUrl = description.reconnect ? options.reconnectUrl(instanceKey) : undefined
  const extra = options.headers ?? []
  if (options.format === 'json' || acceptsOnlyJson(options.accept)) {
    const body: RouteErrorBody = {
      error: description.code,
      message: description.message,
      reconnect: description.reconnect,
      ...(reconnectUrl === undefined ? {} : { reconnectUrl }),
    }
    return createRouteAnswer(
      description.status,
      [['content-type', 'application/json; charset=utf-8'], ...extra],
      JSON.stringify(body),
    )
  }
  const html = renderErrorPage(description, reconnectUrl === undefined ? {} : { reconnectUrl })
  return createRouteAnswer(description.status, [['content-type', 'text/html; charset=utf-8'], ...extra], html)
}

function acceptsOnlyJson(accept: string | null): boolean {
  return accept?.includes('application/json') === true && !accept.includes('text/html')
}

function logServerError(logger: RadioWorkflowLogger, error: unknown, description: HttpErrorDescription): void {
  // The full message may name a configured URL; it belongs in the operator's log, not on the user's page.
  const detail = error instanceof Error ? error.message : String(error)
  logger.error(`A Radio Workflow route answered ${description.status} (${description.code}): ${detail}`, {
    code: description.code,
  })
}
