import {
  type CreateRadioWorkflowOptions,
  createRadioWorkflow,
  type RadioWorkflow,
  requireRadioWorkflow,
} from '@rw/oauth-client'
import { ConfigurationError } from '@rw/oauth-core'
import type { RadioWorkflowModuleOptions } from './radio-workflow-module-options'

/**
 * The module's client: the one passed as `rw`, or a new one from the options. Runs while the app
 * boots, so bad configuration stops start-up with a `ConfigurationError` naming the field.
 */
export function createModuleClient(options: RadioWorkflowModuleOptions): RadioWorkflow {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('options', 'RadioWorkflowModule: pass createRadioWorkflow options or { rw }.')
  }
  const { resolveInstanceKey, ...clientOptions } = options
  if (resolveInstanceKey !== undefined && typeof resolveInstanceKey !== 'function') {
    throw new ConfigurationError(
      'resolveInstanceKey',
      'resolveInstanceKey must be a function (request) => instanceKey.',
    )
  }
  if (!('rw' in clientOptions)) return createRadioWorkflow(clientOptions as CreateRadioWorkflowOptions)
  const { rw } = clientOptions
  requireRadioWorkflow('RadioWorkflowModule', rw)
  return rw
}
