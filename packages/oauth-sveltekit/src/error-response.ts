import { type BindingCookie, handleCallbackFailure, type RadioWorkflow, serializeCookie } from '@rw/oauth-client'
import type { RadioWorkflowErrorInput } from './handle-options'

/**
 * The default answer to a failed login or callback: the SDK's plain HTML error page with its status
 * (400 for state and binding errors, 500 without details for the unexpected, which is also logged).
 */
export function createErrorPageResponse(
  rw: RadioWorkflow,
  { error, route, reconnectUrl }: RadioWorkflowErrorInput,
): Response {
  const failure = handleCallbackFailure(rw, error, { reconnectUrl })
  if (failure.description.code === 'internal_error') {
    console.error(`[@rw/oauth-sveltekit] unexpected error in the ${route} route`, error)
  }
  return new Response(failure.html, {
    status: failure.status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  })
}

/** A copy of `response` carrying `cookie` too, whatever the mutability of the original's headers. */
export function appendSetCookie(response: Response, cookie: BindingCookie): Response {
  const headers = new Headers(response.headers)
  headers.append('set-cookie', serializeCookie(cookie))
  headers.set('cache-control', 'no-store')
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}
