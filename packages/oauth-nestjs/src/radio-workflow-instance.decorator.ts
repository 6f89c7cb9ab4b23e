import { createParamDecorator, type ExecutionContext, Inject, Injectable, type PipeTransform } from '@nestjs/common'
import { type RadioWorkflowInstanceHandle, RadioWorkflowService } from './radio-workflow.service'
import type { RadioWorkflowRequest } from './radio-workflow-request'

/** Resolves the request's instance key (through `resolveInstanceKey`) into a handle; a pipe, so it gets DI. */
@Injectable()
export class RadioWorkflowInstancePipe
  implements PipeTransform<RadioWorkflowRequest, RadioWorkflowInstanceHandle | Promise<RadioWorkflowInstanceHandle>>
{
  constructor(@Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService) {}

  // Not async: with a synchronous resolver (the default) the handle is built without a promise.
  transform(request: RadioWorkflowRequest): RadioWorkflowInstanceHandle | Promise<RadioWorkflowInstanceHandle> {
    let instanceKey: string | Promise<string>
    try {
      instanceKey = this.radioWorkflow.resolveInstanceKeyNow(request)
    } catch (error) {
      return Promise.reject(error)
    }
    return typeof instanceKey === 'string'
      ? this.radioWorkflow.forInstance(instanceKey)
      : instanceKey.then((key) => this.radioWorkflow.forInstance(key))
  }
}

const CurrentRequest = createParamDecorator(function readCurrentRequest(_data: unknown, context: ExecutionContext) {
  return context.switchToHttp().getRequest<RadioWorkflowRequest>()
})

/**
 * Injects the client bound to the request's instance (`resolveInstanceKey`, default `?instance=`):
 * `{ instanceKey, getAccessToken(), fetch(), getConnection() }`.
 *
 * @example
 * @Get('broadcasts')
 * async broadcasts(@RadioWorkflowInstance() instance: RadioWorkflowInstanceHandle) {
 *   return (await instance.fetch('/broadcasts')).json()
 * }
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function RadioWorkflowInstance(): ParameterDecorator {
  return CurrentRequest(RadioWorkflowInstancePipe)
}
