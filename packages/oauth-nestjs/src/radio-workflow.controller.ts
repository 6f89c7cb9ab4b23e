import { Controller, Get, Inject, Req, Res, type Type } from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'
import { handleCallbackRequest, handleLoginRequest, requireCallbackAtRedirectUri } from '@rw/oauth-client'
import { RADIO_WORKFLOW_ROUTE_PREFIX } from './radio-workflow.constants'
import { RadioWorkflowService } from './radio-workflow.service'
import type { RadioWorkflowRequest } from './radio-workflow-request'
import { readRouteRequest, writeRouteAnswer } from './route-answer-writer'

/**
 * `GET login` and `GET callback`, answered by the client's route handlers (the same rules and bytes as
 * every adapter). Boot fails when the mounted callback is not the redirect URI's path.
 */
export class RadioWorkflowController {
  constructor(
    @Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(RADIO_WORKFLOW_ROUTE_PREFIX) prefix: string,
  ) {
    // A global prefix (app.setGlobalPrefix) may come first: the redirect URI's path must end with the route.
    const callbackRoute = prefix === '' ? '/callback' : `/${prefix}/callback`
    requireCallbackAtRedirectUri(radioWorkflow.client.config.redirectUri, callbackRoute, 'routes.prefix')
  }

  /**
   * `GET <prefix>/login?instance=<key>&returnTo=<path>`: sets the flow's binding cookie and redirects to the authorize URL.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
   */
  @Get('login')
  async login(@Req() request: RadioWorkflowRequest, @Res() response: unknown): Promise<void> {
    const answer = await handleLoginRequest(this.radioWorkflow.client, readRouteRequest(request), {
      resolveInstanceKey: () => this.radioWorkflow.resolveInstanceKey(request),
    })
    writeRouteAnswer(this.adapterHost.httpAdapter, response, answer)
  }

  /**
   * `GET <prefix>/callback`: completes the flow (state, binding, one code exchange) and redirects to `returnTo`.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
   */
  @Get('callback')
  async callback(@Req() request: RadioWorkflowRequest, @Res() response: unknown): Promise<void> {
    const answer = await handleCallbackRequest(this.radioWorkflow.client, readRouteRequest(request))
    writeRouteAnswer(this.adapterHost.httpAdapter, response, answer)
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
