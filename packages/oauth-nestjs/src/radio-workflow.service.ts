import { Inject, Injectable } from '@nestjs/common'
import type {
  CompletedAuthorization,
  ConnectionInfo,
  RadioWorkflow,
  StartAuthorizationInput,
  StartedAuthorization,
} from '@rw/oauth-client'
import { validateInstanceKey } from '@rw/oauth-core'
import { RADIO_WORKFLOW_CLIENT, RADIO_WORKFLOW_MODULE_OPTIONS } from './radio-workflow.constants'
import type { RadioWorkflowRequestOptions } from './radio-workflow-module-options'
import { type RadioWorkflowRequest, readInstanceQueryParameter } from './radio-workflow-request'

/** The client bound to one instance: what `@RadioWorkflowInstance()` gives a route handler. */
export interface RadioWorkflowInstanceHandle {
  readonly instanceKey: string
  getAccessToken(): Promise<string>
  fetch(path: string | URL, init?: RequestInit): Promise<Response>
  getConnection(): Promise<ConnectionInfo | null>
}

/**
 * The Radio Workflow client as a Nest provider. Tokens stay in the store; this only forwards.
 *
 * @example
 * constructor(@Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService) {}
 * const response = await this.radioWorkflow.fetch('desert-broadcasters', '/instance')
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
@Injectable()
export class RadioWorkflowService {
  constructor(
    @Inject(RADIO_WORKFLOW_CLIENT) readonly client: RadioWorkflow,
    @Inject(RADIO_WORKFLOW_MODULE_OPTIONS) private readonly options: RadioWorkflowRequestOptions,
  ) {}

  getAccessToken(instanceKey: string): Promise<string> {
    return this.client.getAccessToken(instanceKey)
  }

  fetch(instanceKey: string, path: string | URL, init?: RequestInit): Promise<Response> {
    return this.client.fetch(instanceKey, path, init)
  }

  startAuthorization(input: StartAuthorizationInput): Promise<StartedAuthorization> {
    return this.client.startAuthorization(input)
  }

  completeAuthorization(
    callbackUrl: string | URL,
    binding: string | null | undefined,
  ): Promise<CompletedAuthorization> {
    return this.client.completeAuthorization(callbackUrl, { binding })
  }

  getConnection(instanceKey: string): Promise<ConnectionInfo | null> {
    return this.client.getConnection(instanceKey)
  }

  disconnect(instanceKey: string): Promise<boolean> {
    return this.client.disconnect(instanceKey)
  }

  /** The instance key of a request, through your `resolveInstanceKey` (default `?instance=`). */
  async resolveInstanceKey(request: RadioWorkflowRequest): Promise<string> {
    const resolve = this.options.resolveInstanceKey ?? readInstanceQueryParameter
    return validateInstanceKey(await resolve(request))
  }

  forInstance(instanceKey: string): RadioWorkflowInstanceHandle {
    const { client } = this
    return {
      instanceKey,
      getAccessToken: () => client.getAccessToken(instanceKey),
      fetch: (path, init) => client.fetch(instanceKey, path, init),
      getConnection: () => client.getConnection(instanceKey),
    }
  }
}
