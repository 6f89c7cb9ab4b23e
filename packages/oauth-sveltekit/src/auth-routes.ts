import {
  createClearedBindingCookie,
  handleCallbackRequest,
  handleLoginRequest,
  serializeCookie,
} from '@rw/oauth-client'
import { UsageError } from '@rw/oauth-core'
import type { RequestEvent } from '@sveltejs/kit'
import { appendSetCookie, createErrorPageResponse } from './error-response'
import type { ResolvedHandleOptions } from './handle-options'

/** `GET <prefix>/login`: 302 to the authorize URL with the binding cookie; on failure no cookie at all. */
export async function answerLoginRequest(options: ResolvedHandleOptions, event: RequestEvent): Promise<Response> {
  try {
    const instanceKey = await options.resolveInstanceKey(event)
    if (instanceKey === null || instanceKey === undefined || instanceKey === '') {
      throw new UsageError(
        'Login needs an instance: add ?instance=<key> or pass resolveInstanceKey to createRadioWorkflowHandle.',
      )
    }
    const returnTo = event.url.searchParams.get('returnTo')
    const { redirectTo, setCookie } = await handleLoginRequest(options.rw, {
      instanceKey,
      ...(returnTo === null ? {} : { returnTo }),
    })
    return redirect(redirectTo, serializeCookie(setCookie))
  } catch (error) {
    return answerError(options, event, 'login', error)
  }
}

/** `GET <prefix>/callback`: completes the flow, clears the binding cookie, 302 to the validated returnTo. */
export async function answerCallbackRequest(options: ResolvedHandleOptions, event: RequestEvent): Promise<Response> {
  try {
    const { redirectTo, clearCookie } = await handleCallbackRequest(options.rw, {
      url: event.url,
      cookieHeader: event.request.headers.get('cookie'),
    })
    return redirect(redirectTo, serializeCookie(clearCookie))
  } catch (error) {
    const response = await answerError(options, event, 'callback', error)
    return appendSetCookie(response, createClearedBindingCookie({ redirectUri: options.rw.config.redirectUri }))
  }
}

function redirect(location: string, setCookie: string): Response {
  return new Response(null, {
    status: 302,
    headers: { location, 'set-cookie': setCookie, 'cache-control': 'no-store' },
  })
}

async function answerError(
  options: ResolvedHandleOptions,
  event: RequestEvent,
  route: 'login' | 'callback',
  error: unknown,
): Promise<Response> {
  const input = { error, event, route, reconnectUrl: options.reconnectPath }
  return options.onError === null ? createErrorPageResponse(options.rw, input) : options.onError(input)
}
