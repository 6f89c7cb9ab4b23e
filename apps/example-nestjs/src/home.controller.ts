import { Controller, Get, Header, Inject } from '@nestjs/common'
import type { ConnectionInfo } from '@rw/oauth-client'
import { RadioWorkflowService } from '@rw/oauth-nestjs'
import { ConnectedInstances } from './connected-instances'
import { renderHomePage } from './home-page'

/** Injection token of the instances the connect form suggests. */
export const SUGGESTED_INSTANCES = Symbol('SUGGESTED_INSTANCES')

@Controller()
export class HomeController {
  constructor(
    @Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService,
    @Inject(ConnectedInstances) private readonly connectedInstances: ConnectedInstances,
    @Inject(SUGGESTED_INSTANCES) private readonly suggestedInstances: readonly { key: string; name: string }[],
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async showHome(): Promise<string> {
    const found = await Promise.all(this.connectedInstances.list().map((key) => this.radioWorkflow.getConnection(key)))
    const connections = found.filter((connection): connection is ConnectionInfo => connection !== null)
    return renderHomePage({ connections, suggestedInstances: this.suggestedInstances })
  }
}
