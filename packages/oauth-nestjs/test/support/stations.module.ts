import { Controller, Get, Module } from '@nestjs/common'
import { RadioWorkflowInstance, type RadioWorkflowInstanceHandle } from '../../src/index'

/** A user's controller in a feature module that does not import RadioWorkflowModule (it is global). */
@Controller('stations')
class StationsController {
  @Get('current')
  async showCurrent(@RadioWorkflowInstance() instance: RadioWorkflowInstanceHandle) {
    const response = await instance.fetch('instance')
    return { instanceKey: instance.instanceKey, api: await response.json() }
  }

  @Get('connection')
  async showConnection(@RadioWorkflowInstance() instance: RadioWorkflowInstanceHandle) {
    await instance.getAccessToken()
    return instance.getConnection()
  }
}

@Module({ controllers: [StationsController] })
export class StationsModule {}

/** Stands in for the user's own session: the instance key comes from the app, not the query. */
export function readTenantHeader(request: { readonly headers: Readonly<Record<string, unknown>> }): string {
  return String(request.headers['x-tenant'] ?? '')
}
