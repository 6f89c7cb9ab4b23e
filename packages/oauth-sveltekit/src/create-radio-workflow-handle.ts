import { handleHealthRequest } from '@rw/oauth-client'
import type { Handle } from '@sveltejs/kit'
import { answerCallbackRequest, answerLoginRequest } from './auth-routes'
import { type RadioWorkflowHandleOptions, resolveHandleOptions } from './handle-options'
import { createRadioWorkflowLocals, type RadioWorkflowLocals } from './radio-workflow-locals'

/**
 * A SvelteKit `handle` that serves `GET <prefix>/login` and `GET <prefix>/callback` and gives every
 * request `event.locals.rw` (see {@link RadioWorkflowLocals}). Compose it with `sequence` from
 * `@sveltejs/kit/hooks`. Options are validated here, so a misconfiguration fails at start-up.
 *
 * @example
 * // src/hooks.server.ts
 * import { sequence } from '@sveltejs/kit/hooks'
 * import { createRadioWorkflowHandle } from '@rw/oauth-sveltekit'
 * import { rw } from '$lib/server/radio-workflow'
 *
 * export const handle = sequence(createRadioWorkflowHandle({ rw }), yourOtherHandle)
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export function createRadioWorkflowHandle(options: RadioWorkflowHandleOptions): Handle {
  const resolved = resolveHandleOptions(options)
  return async function radioWorkflowHandle({ event, resolve }) {
    const locals: RadioWorkflowLocals = createRadioWorkflowLocals(resolved.rw, () => resolved.resolveInstanceKey(event))
    Object.assign(event.locals, { rw: locals })
    const { pathname } = event.url
    if (pathname === resolved.healthPath && event.request.method === 'GET') {
      const { status, headers, body } = await handleHealthRequest(resolved.rw)
      return new Response(body, { status, headers: headers.map(([name, value]) => [name, value]) })
    }
    if (pathname !== resolved.loginPath && pathname !== resolved.callbackPath) return resolve(event)
    if (event.request.method !== 'GET') {
      return new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET' } })
    }
    return pathname === resolved.loginPath
      ? answerLoginRequest(resolved, event)
      : answerCallbackRequest(resolved, event)
  }
}
