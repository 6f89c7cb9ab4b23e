import type { ServerResponse } from 'node:http'
import { Controller, Get, Inject, Param, Res } from '@nestjs/common'
import { handleApiProxyRequest, handleConnectionRequest } from '@rw/oauth-client'
import { RadioWorkflowService } from '@rw/oauth-nestjs'

/** `GET /connections/<key>` (JSON, never a token) and `GET /connections/<key>/api/<path>` (the API's answer). */
@Controller('connections')
export class ConnectionsController {
  constructor(@Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService) {}

  @Get(':key')
  async showConnection(@Param('key') instanceKey: string, @Res() response: ServerResponse): Promise<void> {
    const { status, body } = await handleConnectionRequest(this.radioWorkflow.client, instanceKey)
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    response.end(JSON.stringify(body))
  }

  // Express 5 hands a named wildcard over as its path segments.
  @Get(':key/api/*path')
  async proxyApi(
    @Param('key') instanceKey: string,
    @Param('path') segments: string[],
    @Res() response: ServerResponse,
  ): Promise<void> {
    const upstream = await handleApiProxyRequest(this.radioWorkflow.client, instanceKey, segments.join('/'))
    const contentType = upstream.headers.get('content-type')
    response.writeHead(upstream.status, contentType === null ? {} : { 'content-type': contentType })
    response.end(Buffer.from(await upstream.arrayBuffer()))
  }
}
