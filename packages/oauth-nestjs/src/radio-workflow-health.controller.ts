import { Controller, Get, Inject, Res, type Type } from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'
import { handleHealthRequest } from '@rw/oauth-client'
import { RadioWorkflowService } from './radio-workflow.service'

/** `GET <prefix>/health`, mounted only with `routes: { health: true }`: `rw.health()` as JSON, 503 when the store does not answer. */
export class RadioWorkflowHealthController {
  constructor(
    @Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Writes the client's health answer as is (status, headers, JSON body). */
  @Get('health')
  async health(@Res() response: unknown): Promise<void> {
    const { status, headers, body } = await handleHealthRequest(this.radioWorkflow.client)
    const { httpAdapter } = this.adapterHost
    httpAdapter.status(response, status)
    for (const [name, value] of headers) httpAdapter.setHeader(response, name, value)
    httpAdapter.end(response, body)
  }
}

/** The health controller mounted at `prefix` (a subclass per module configuration, like the auth routes). */
export function createRadioWorkflowHealthController(prefix: string): Type<RadioWorkflowHealthController> {
  @Controller(prefix)
  class MountedRadioWorkflowHealthController extends RadioWorkflowHealthController {}
  return MountedRadioWorkflowHealthController
}
