import type { ServerResponse } from 'node:http'
import { Controller, Get, Inject, Param, Res } from '@nestjs/common'
import { handleApiProxyRequest, handleConnectionRequest } from '@rw/oauth-client'
import { RadioWorkflowService } from '../../src/index'

/** The standard surface's two extra routes, written as a user of the module would. */
@Controller('connections')
export class ConnectionsController {
  constructor(@Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService) {}

  @Get(':key')
  async showConnection(@Param('key') instanceKey: string, @Res() response: ServerResponse): Promise<void> {
    const { status, body } = await handleConnectionRequest(this.radioWorkflow.client, instanceKey)
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }

  @Get(':key/api/*path')
  async proxyApi(
    @Param('key') instanceKey: string,
    @Param('path') path: string[],
    @Res() response: ServerResponse,
  ): Promise<void> {
    const upstream = await handleApiProxyRequest(this.radioWorkflow.client, instanceKey, path.join('/'))
    const contentType = upstream.headers.get('content-type')
    response.writeHead(upstream.status, contentType === null ? {} : { 'content-type': contentType })
    response.end(Buffer.from(await upstream.arrayBuffer()))
  }
}
