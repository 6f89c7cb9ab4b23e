import { Controller, Get, Inject, Req, Res, type Type } from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'
import {
  createClearedBindingCookie,
  handleCallbackRequest,
  handleLoginRequest,
  serializeCookie,
} from '@rw/oauth-client'
import { RadioWorkflowService } from './radio-workflow.service'
import { type RadioWorkflowRequest, readQueryParameter } from './radio-workflow-request'

/**
 * `GET login` and `GET callback`. Errors are thrown to the exception filter; the callback's cookie
 * is cleared before anything can fail, because a binding is single-use whatever the outcome.
 */
export class RadioWorkflowController {
  constructor(
    @Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * `GET <prefix>/login?instance=<key>&returnTo=<path>`: sets the binding cookie and redirects to the authorize URL.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
   */
  @Get('login')
  async login(@Req() request: RadioWorkflowRequest, @Res() response: unknown): Promise<void> {
    const instanceKey = await this.radioWorkflow.resolveInstanceKey(request)
    const returnTo = readQueryParameter(request, 'returnTo')
    const { redirectTo, setCookie } = await handleLoginRequest(this.radioWorkflow.client, { instanceKey, returnTo })
    this.adapterHost.httpAdapter.setHeader(response, 'set-cookie', serializeCookie(setCookie))
    this.redirect(response, redirectTo)
  }

  /**
   * `GET <prefix>/callback`: completes the flow (state, binding, one code exchange) and redirects to `returnTo`.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
   */
  @Get('callback')
  async callback(@Req() request: RadioWorkflowRequest, @Res() response: unknown): Promise<void> {
    const { client } = this.radioWorkflow
    const { httpAdapter } = this.adapterHost
    const cleared = createClearedBindingCookie({ redirectUri: client.config.redirectUri })
    httpAdapter.setHeader(response, 'set-cookie', serializeCookie(cleared))
    const { cookie } = request.headers
    const { redirectTo } = await handleCallbackRequest(client, {
      url: httpAdapter.getRequestUrl(request),
      cookieHeader: typeof cookie === 'string' ? cookie : null,
    })
    this.redirect(response, redirectTo)
  }

  // A raw Location header: the platform's redirect helper may re-encode it, and every adapter must send the same bytes.
  private redirect(response: unknown, location: string): void {
    const { httpAdapter } = this.adapterHost
    httpAdapter.status(response, 302)
    httpAdapter.setHeader(response, 'cache-control', 'no-store')
    httpAdapter.setHeader(response, 'location', location)
    httpAdapter.end(response)
  }
}

/**
 * The controller mounted at `prefix`: Nest reads a controller's path when the class is decorated,
 * so each module configuration gets its own subclass.
 */
export function createRadioWorkflowController(prefix: string): Type<RadioWorkflowController> {
  @Controller(prefix)
  class MountedRadioWorkflowController extends RadioWorkflowController {}
  return MountedRadioWorkflowController
}
