import type { RadioWorkflow } from '@rw/oauth-client'
import { ConfigurationError } from '@rw/oauth-core'

/** Fails at start-up, not on the first request, when `rw` is not a client from `createRadioWorkflow`. */
export function requireRadioWorkflow(factory: string, rw: unknown): asserts rw is RadioWorkflow {
  const candidate = rw as Partial<RadioWorkflow> | undefined
  if (
    typeof candidate?.startAuthorization !== 'function' ||
    typeof candidate.completeAuthorization !== 'function' ||
    typeof candidate.config?.redirectUri !== 'string'
  ) {
    throw new ConfigurationError('rw', `${factory}: pass { rw: createRadioWorkflow({ ... }) }.`)
  }
}

export function requireFunction(factory: string, name: string, value: unknown): void {
  if (typeof value !== 'function') {
    throw new ConfigurationError(name, `${factory}: ${name} must be a function; got ${typeof value}.`)
  }
}
