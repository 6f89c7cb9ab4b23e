import type { RadioWorkflow } from '@rw/oauth-client'
import { ConfigurationError } from '@rw/oauth-core'
import type { RequestEvent } from '@sveltejs/kit'

/** Names the instance the current request is about, from your own session or route; `null` when none. */
export type InstanceKeyResolver = (
  event: RequestEvent,
) => string | null | undefined | Promise<string | null | undefined>

/** What the handle passes to `onError` when its login or callback route fails. */
export interface RadioWorkflowErrorInput {
  readonly error: unknown
  readonly event: RequestEvent
  readonly route: 'login' | 'callback'
  /** Where a "Connect again" link should point (the `reconnectPath` option). */
  readonly reconnectUrl: string
}

/**
 * Answers a failed login or callback. After a failed callback the handle appends the cleared binding
 * cookie to whatever you return, so the single-use binding never outlives the attempt.
 */
export type RadioWorkflowErrorHandler = (input: RadioWorkflowErrorInput) => Response | Promise<Response>

/** Options of {@link createRadioWorkflowHandle}. */
export interface RadioWorkflowHandleOptions {
  /** The client from `createRadioWorkflow(...)`, created once at start-up. */
  readonly rw: RadioWorkflow
  /** Where the login and callback routes live. Default `/auth/rw`; must match the redirect URI's path. */
  readonly prefix?: string
  /** Default: the `instance` query parameter. Never consulted on the callback (the pending record names the instance). */
  readonly resolveInstanceKey?: InstanceKeyResolver
  /** Replaces the default HTML error page (400 for state errors, 500 for the unexpected). */
  readonly onError?: RadioWorkflowErrorHandler
  /** Target of the error page's "Connect again" link. Default `/`. */
  readonly reconnectPath?: string
  /** Also serve `GET <prefix>/health` (`rw.health()`: 200, or 503 when the store does not answer). Default `false`. */
  readonly health?: boolean
}

export interface ResolvedHandleOptions {
  readonly rw: RadioWorkflow
  readonly loginPath: string
  readonly callbackPath: string
  readonly resolveInstanceKey: InstanceKeyResolver
  readonly onError: RadioWorkflowErrorHandler | null
  readonly reconnectPath: string
  /** `null` unless the `health` option is on. */
  readonly healthPath: string | null
}

/** Checks the options once, when the handle is created, so a misconfiguration fails at start-up. */
export function resolveHandleOptions({
  rw,
  prefix = '/auth/rw',
  resolveInstanceKey = readInstanceQueryParameter,
  onError,
  reconnectPath = '/',
  health = false,
}: RadioWorkflowHandleOptions): ResolvedHandleOptions {
  if (typeof rw?.config?.redirectUri !== 'string') {
    throw new ConfigurationError(
      'rw',
      'createRadioWorkflowHandle: pass `rw`, the client from createRadioWorkflow(...).',
    )
  }
  if (!/^\/[^?#]*[^/?#]$/.test(prefix)) {
    throw new ConfigurationError(
      'prefix',
      `createRadioWorkflowHandle: prefix must start with "/" and not end with "/" (got ${JSON.stringify(prefix)}), e.g. "/auth/rw".`,
    )
  }
  if (typeof resolveInstanceKey !== 'function' || (onError !== undefined && typeof onError !== 'function')) {
    throw new ConfigurationError(
      'resolveInstanceKey',
      'createRadioWorkflowHandle: resolveInstanceKey and onError must be functions.',
    )
  }
  if (!reconnectPath.startsWith('/') || reconnectPath.startsWith('//')) {
    throw new ConfigurationError(
      'reconnectPath',
      'createRadioWorkflowHandle: reconnectPath must be a same-origin path such as "/".',
    )
  }
  const redirectUri = new URL(rw.config.redirectUri)
  const callbackPath = `${prefix}/callback`
  if (redirectUri.pathname !== callbackPath) {
    throw new ConfigurationError(
      'prefix',
      `createRadioWorkflowHandle: the redirect URI's path is ${redirectUri.pathname} but the callback route is ${callbackPath}; set prefix to match the redirect URI.`,
    )
  }
  return {
    rw,
    loginPath: `${prefix}/login`,
    callbackPath,
    resolveInstanceKey,
    onError: onError ?? null,
    reconnectPath,
    healthPath: health ? `${prefix}/health` : null,
  }
}

function readInstanceQueryParameter(event: RequestEvent): string | null {
  return event.url.searchParams.get('instance')
}
