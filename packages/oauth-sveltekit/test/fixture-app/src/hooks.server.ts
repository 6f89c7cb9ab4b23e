import { createRadioWorkflow } from '@rw/oauth-client'
import { createRadioWorkflowHandle } from '@rw/oauth-sveltekit'
import type { Handle } from '@sveltejs/kit'
import { sequence } from '@sveltejs/kit/hooks'
import { readRegisteredOptions } from '$lib/server/registered-options'

const handles = new WeakMap<object, Handle>()

function readRadioWorkflowHandle(): Handle {
  const options = readRegisteredOptions()
  let handle = handles.get(options)
  if (handle === undefined) {
    handle = createRadioWorkflowHandle({ rw: createRadioWorkflow(options) })
    handles.set(options, handle)
  }
  return handle
}

const markResponse: Handle = async ({ event, resolve }) => {
  const response = await resolve(event)
  response.headers.set('x-fixture-sequence', 'after-rw')
  return response
}

export const handle = sequence((input) => readRadioWorkflowHandle()(input), markResponse)
