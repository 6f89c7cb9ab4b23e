import { ConfigurationError } from '@rw/oauth-core'
import type { RadioWorkflow } from './radio-workflow-types'

/**
 * Fails at start-up, not on the first request, when `rw` is not a client made by `createRadioWorkflow`.
 * Every adapter checks its `rw` option with it, so the error reads the same everywhere.
 *
 * @example
 * requireRadioWorkflow('radioWorkflowRoutes', options.rw)
 */
export function requireRadioWorkflow(where: string, rw: unknown): asserts rw is RadioWorkflow {
  const candidate = rw as Partial<RadioWorkflow> | null | undefined
  if (
    typeof candidate?.startAuthorization !== 'function' ||
    typeof candidate.completeAuthorization !== 'function' ||
    typeof candidate.getAccessToken !== 'function' ||
    typeof candidate.config?.redirectUri !== 'string'
  ) {
    throw new ConfigurationError('rw', `${where}: pass { rw: createRadioWorkflow({ ... }) } from @rw/oauth-client.`)
  }
}
