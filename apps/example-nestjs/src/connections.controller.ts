import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'
import { handleApiProxyRequest, handleConnectionRequest } from '@rw/oauth-client'
import { type RadioWorkflowRequest, RadioWorkflowService, readRouteRequest, writeRouteAnswer } from '@rw/oauth-nestjs'

/** `GET /connections/<key>` (JSON, never a token) and `GET /connections/<key>/api/<path>` (the API's answer). */
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

  // Express 5 hands a named wildcard over as its path segments.
  @Get(':key/api/*path')
  async proxyApi(
    @Param('key') instanceKey: string,
    @Param('path') segments: string[],
    @Req() request: RadioWorkflowRequest,
    @Res() response: unknown,
  ): Promise<void> {
    const route = readRouteRequest(request)
    const answer = await handleApiProxyRequest(this.radioWorkflow.client, route, instanceKey, segments.join('/'))
    writeRouteAnswer(this.adapterHost.httpAdapter, response, answer)
  }
}
