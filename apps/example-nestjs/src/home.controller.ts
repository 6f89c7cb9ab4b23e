import { Controller, Get, Header, Inject } from '@nestjs/common'
import { RadioWorkflowService } from '@rw/oauth-nestjs'
import { renderHomePage } from './home-page'

/** The home page shows the first page of the registry, this long. */
const HOME_PAGE_LIMIT = 100

/** Injection token of the instances the connect form suggests. */
export const SUGGESTED_INSTANCES = Symbol('SUGGESTED_INSTANCES')

@Controller()
export class HomeController {
  constructor(
    @Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService,
    @Inject(SUGGESTED_INSTANCES) private readonly suggestedInstances: readonly { key: string; name: string }[],
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async showHome(): Promise<string> {
    // The store's registry: every process sharing the store lists the same connections.
    const { connections, cursor } = await this.radioWorkflow.listConnections({ limit: HOME_PAGE_LIMIT })
    const counts = await this.radioWorkflow.countConnections()
    return renderHomePage({ connections, counts, more: cursor !== null, suggestedInstances: this.suggestedInstances })
  }
}
