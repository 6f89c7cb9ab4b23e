import { createRadioWorkflowHandle } from '@rw/oauth-sveltekit'
import type { Handle } from '@sveltejs/kit'
import { readBenchRegistry } from '$lib/server/bench-registry'

let radioWorkflowHandle: Handle | undefined

// The bare route skips the SDK's handle, so it is the baseline of the same app.
export const handle: Handle = (input) => {
  if (input.event.url.pathname === '/bare') return input.resolve(input.event)
  radioWorkflowHandle ??= createRadioWorkflowHandle({ rw: readBenchRegistry().rw })
  return radioWorkflowHandle(input)
}
