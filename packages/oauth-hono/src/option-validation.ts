export { requireRadioWorkflow } from '@rw/oauth-client'

import { ConfigurationError } from '@rw/oauth-core'

export function requireFunction(factory: string, name: string, value: unknown): void {
  if (typeof value !== 'function') {
    throw new ConfigurationError(name, `${factory}: ${name} must be a function; got ${typeof value}.`)
  }
}
