import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Injectable } from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'
import { describeErrorForHttp, type HttpErrorDescription, renderErrorPage } from '@rw/oauth-client'
import { RadioWorkflowError } from '@rw/oauth-core'
import { RADIO_WORKFLOW_ROUTE_PREFIX } from './radio-workflow.constants'
import type { RadioWorkflowRequest } from './radio-workflow-request'

/** What the filter sends for one error. */
export interface RadioWorkflowErrorResponse {
  readonly status: number
  readonly contentType: string
  readonly body: string
}

/**
 * Maps the SDK's typed errors to HTTP for the whole app: state and binding errors become a 400 page,
 * `reauthorization_required` and `not_connected` offer a "Connect again" link, and clients asking for
 * JSON get `{ error, message, reconnect, reconnectUrl }`. Override `createErrorResponse` in a subclass
 * and pass it as `exceptionFilter` to change the answer.
 *
 * @example
 * class PlainTextFilter extends RadioWorkflowExceptionFilter {
 *   protected override createErrorResponse(description: HttpErrorDescription) {
 *     return { status: description.status, contentType: 'text/plain', body: description.message }
 *   }
 * }
 * RadioWorkflowModule.forRoot({ ...options, exceptionFilter: PlainTextFilter })
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
@Catch(RadioWorkflowError)
@Injectable()
export class RadioWorkflowExceptionFilter implements ExceptionFilter<RadioWorkflowError> {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(RADIO_WORKFLOW_ROUTE_PREFIX) private readonly routePrefix: string | null,
  ) {}

  catch(error: RadioWorkflowError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error
    const http = host.switchToHttp()
    const request = http.getRequest<RadioWorkflowRequest>()
    const { status, contentType, body } = this.createErrorResponse(describeErrorForHttp(error), request, error)
    const { httpAdapter } = this.adapterHost
    const response = http.getResponse()
    httpAdapter.setHeader(response, 'cache-control', 'no-store')
    httpAdapter.setHeader(response, 'content-type', contentType)
    httpAdapter.reply(response, body, status)
  }

  /**
   * Builds the response for one SDK error: JSON when the client asks only for JSON, else the HTML error page.
   * Override it to render your own page; `description` is safe to show (no token, secret or stack).
   */
  protected createErrorResponse(
    description: HttpErrorDescription,
    request: RadioWorkflowRequest,
    error: RadioWorkflowError,
  ): RadioWorkflowErrorResponse {
    const reconnectUrl = this.createReconnectUrl(error.instanceKey)
    const accept = String(request.headers.accept ?? '')
    if (accept.includes('application/json') && !accept.includes('text/html')) {
      const { code, message, reconnect } = description
      const json = { error: code, message, reconnect, ...(reconnect && reconnectUrl ? { reconnectUrl } : {}) }
      return { status: description.status, contentType: 'application/json', body: JSON.stringify(json) }
    }
    const html = renderErrorPage(description, reconnectUrl === undefined ? {} : { reconnectUrl })
    return { status: description.status, contentType: 'text/html; charset=utf-8', body: html }
  }

  /** `<prefix>/login?instance=<key>` when the routes are mounted and the error names an instance. */
  protected createReconnectUrl(instanceKey: string | undefined): string | undefined {
    if (this.routePrefix === null || instanceKey === undefined) return undefined
    return `/${this.routePrefix}/login?${new URLSearchParams({ instance: instanceKey })}`
  }
}
