import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Injectable } from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'
import { answerRouteError, createConsoleLogger, createLoginLink, type RouteAnswer } from '@rw/oauth-client'
import { RadioWorkflowError } from '@rw/oauth-core'
import { RADIO_WORKFLOW_CLIENT, RADIO_WORKFLOW_ROUTE_PREFIX } from './radio-workflow.constants'
import type { RadioWorkflowRequest } from './radio-workflow-request'
import { writeRouteAnswer } from './route-answer-writer'

const logger = createConsoleLogger()

/**
 * Maps the SDK's typed errors to HTTP for the whole app with the client's error answer (the same as every
 * adapter's): state and binding errors become a 400 page, `reauthorization_required` and `not_connected`
 * offer a "Connect again" link to the mounted login route, and clients asking only for JSON get
 * `{ error, message, reconnect, reconnectUrl }`. Override `createErrorAnswer` (or `createReconnectUrl`) in a
 * subclass and pass it as `exceptionFilter` to change the answer.
 *
 * @example
 * class PlainTextFilter extends RadioWorkflowExceptionFilter {
 *   protected override createErrorAnswer(error: RadioWorkflowError): RouteAnswer {
 *     return { status: error.httpStatus, headers: [['content-type', 'text/plain']], body: error.message }
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
    @Inject(RADIO_WORKFLOW_CLIENT) private readonly client: { readonly config: { readonly redirectUri: string } },
  ) {}

  catch(error: RadioWorkflowError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error
    const http = host.switchToHttp()
    const answer = this.createErrorAnswer(error, http.getRequest<RadioWorkflowRequest>())
    writeRouteAnswer(this.adapterHost.httpAdapter, http.getResponse(), answer)
  }

  /** The answer for one SDK error: JSON when the client asks only for JSON, else the HTML error page. */
  protected createErrorAnswer(error: RadioWorkflowError, request: RadioWorkflowRequest): RouteAnswer {
    const accept = request.headers.accept
    return answerRouteError(error, {
      format: 'page',
      accept: accept === undefined ? null : String(accept),
      reconnectUrl: (instanceKey) => this.createReconnectUrl(instanceKey),
      logger,
    })
  }

  /** The login route beside the redirect URI's callback (`/auth/rw/login?instance=<key>`), when the routes are mounted. */
  protected createReconnectUrl(instanceKey: string | undefined): string | undefined {
    if (this.routePrefix === null) return undefined
    return createLoginLink(this.client.config.redirectUri)(instanceKey)
  }
}
