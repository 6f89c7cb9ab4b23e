import { handleCallbackRequest, handleHealthRequest, handleLoginRequest, toWebResponse } from '@rw/oauth-client'
import type { Handle, RequestEvent } from '@sveltejs/kit'
import { type RadioWorkflowHandleOptions, type ResolvedHandleOptions, resolveHandleOptions } from './handle-options'
import { createRadioWorkflowLocals, type RadioWorkflowLocals } from './radio-workflow-locals'

/**
 * A SvelteKit `handle` that serves `GET <prefix>/login` and `GET <prefix>/callback` (answered by the client's
 * route handlers, so every rule is the same as in the other adapters) and gives every request
 * `event.locals.rw` (see {@link RadioWorkflowLocals}). Compose it with `sequence` from
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
    if (pathname === resolved.loginPath) return answerLogin(resolved, event)
    if (pathname === resolved.callbackPath) return answerCallback(resolved, event)
    if (pathname === resolved.healthPath && event.request.method === 'GET') {
      const { status, headers, body } = await handleHealthRequest(resolved.rw)
      return new Response(body, { status, headers: headers.map(([name, value]) => [name, value]) })
    }
    return resolve(event)
  }
}

async function answerLogin(options: ResolvedHandleOptions, event: RequestEvent): Promise<Response> {
  const answer = await handleLoginRequest(options.rw, readRouteRequest(event), {
    ...options.answerOptions,
    resolveInstanceKey: () => options.resolveInstanceKey(event),
  })
  return toWebResponse(answer)
}

async function answerCallback(options: ResolvedHandleOptions, event: RequestEvent): Promise<Response> {
  return toWebResponse(await handleCallbackRequest(options.rw, readRouteRequest(event), options.answerOptions))
}

function readRouteRequest(event: RequestEvent) {
  return { method: event.request.method, url: event.url, headers: event.request.headers }
}
