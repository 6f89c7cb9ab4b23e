import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common'
import { RadioWorkflowService } from '@rw/oauth-nestjs'

/**
 * The instance keys this process connected, so the home page can list them (it holds no tokens:
 * those stay in the store). With Redis several processes share tokens, but each lists its own keys.
 */
@Injectable()
export class ConnectedInstances implements OnModuleDestroy {
  readonly #keys = new Set<string>()
  readonly #unsubscribe: Array<() => void>

  constructor(@Inject(RadioWorkflowService) radioWorkflow: RadioWorkflowService) {
    this.#unsubscribe = [
      radioWorkflow.client.on('connected', ({ instanceKey }) => void this.#keys.add(instanceKey)),
      radioWorkflow.client.on('disconnected', ({ instanceKey }) => void this.#keys.delete(instanceKey)),
    ]
  }

  list(): string[] {
    return [...this.#keys].sort()
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe()
  }
}
