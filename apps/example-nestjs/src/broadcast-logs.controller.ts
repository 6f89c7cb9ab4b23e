import { Controller, Get } from '@nestjs/common'
import { RadioWorkflowInstance, type RadioWorkflowInstanceHandle } from '@rw/oauth-nestjs'

/** How an app's own route calls the API for the request's instance (`?instance=<key>` here). */
@Controller('broadcast-logs')
export class BroadcastLogsController {
  @Get()
  async listBroadcastLogs(@RadioWorkflowInstance() instance: RadioWorkflowInstanceHandle): Promise<unknown> {
    const response = await instance.fetch('logs')
    return { instanceKey: instance.instanceKey, status: response.status, body: await response.json() }
  }
}
