import { type CreateRadioWorkflowOptions, createRadioWorkflow } from '@rw/oauth-client'
import { createRadioWorkflowHandle } from '@rw/oauth-sveltekit'
import type { Handle } from '@sveltejs/kit'
import { sequence } from '@sveltejs/kit/hooks'

// Must equal CONTRACT_OPTIONS_KEY in test/support/build-contract-app.ts.
const REGISTRY = Symbol.for('@rw/example-sveltekit/contract-options')
const handles = new WeakMap<object, Handle>()

/** The handle for the options the running contract test registered (each test has its own mock and clock). */
function readRadioWorkflowHandle(): Handle {
  const options = (globalThis as Record<symbol, CreateRadioWorkflowOptions | undefined>)[REGISTRY]
  if (options === undefined) throw new Error('contract app: no Radio Workflow options registered on globalThis.')
  let handle = handles.get(options)
  if (handle === undefined) {
    handle = createRadioWorkflowHandle({ rw: createRadioWorkflow(options) })
    handles.set(options, handle)
  }
  return handle
}

export const handle = sequence((input) => readRadioWorkflowHandle()(input))
