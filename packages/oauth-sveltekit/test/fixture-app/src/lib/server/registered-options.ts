import type { CreateRadioWorkflowOptions } from '@rw/oauth-client'

const REGISTRY = Symbol.for('@rw/oauth-sveltekit/fixture-app/options')

/**
 * The contract test runs this built app in its own process and registers the options of each test
 * (the mock's in-process `fetch`, a controllable `now`) here; the app builds its client from them.
 */
export function readRegisteredOptions(): CreateRadioWorkflowOptions {
  const options = (globalThis as Record<symbol, CreateRadioWorkflowOptions | undefined>)[REGISTRY]
  if (options === undefined) throw new Error('fixture app: no Radio Workflow options registered on globalThis.')
  return options
}
