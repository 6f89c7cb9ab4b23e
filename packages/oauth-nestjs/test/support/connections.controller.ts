import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'
import { handleApiProxyRequest, handleConnectionRequest } from '@rw/oauth-client'
import { type RadioWorkflowRequest, RadioWorkflowService, readRouteRequest, writeRouteAnswer } from '../../src/index'

/** The standard surface's two extra routes, written as a user of the module would. */
@Controller('connections')
export class ConnectionsController {
  constructor(
    @Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get(':key')
  async showConnection(
    @Param('key') instanceKey: string,
    @Req() request: RadioWorkflowRequest,
    @Res() response: unknown,
  ): Promise<void> {
    const answer = await handleConnectionRequest(this.radioWorkflow.client, readRouteRequest(request), instanceKey)
    writeRouteAnswer(this.adapterHost.httpAdapter, response, answer)
  }

  @Get(':key/api/*path')
  async proxyApi(
    @Param('key') instanceKey: string,
    @Param('path') path: string[],
    @Req() request: RadioWorkflowRequest,
    @Res() response: unknown,
  ): Promise<void> {
    const route = readRouteRequest(request)
    const answer = await handleApiProxyRequest(this.radioWorkflow.client, route, instanceKey, path.join('/'))
    writeRouteAnswer(this.adapterHost.httpAdapter, response, answer)
  }
}
