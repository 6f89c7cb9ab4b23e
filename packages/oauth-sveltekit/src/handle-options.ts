import {
  type AuthRouteOptions,
  type RadioWorkflow,
  readInstanceQuery,
  requireCallbackAtRedirectUri,
  requireRadioWorkflow,
} from '@rw/oauth-client'
import { ConfigurationError } from '@rw/oauth-core'
import type { RequestEvent } from '@sveltejs/kit'

/** Names the instance the current request is about, from your own session or route; `null` when none. */
export type InstanceKeyResolver = (
  event: RequestEvent,
) => string | null | undefined | Promise<string | null | undefined>

/** Options of {@link createRadioWorkflowHandle}. */
export interface RadioWorkflowHandleOptions extends AuthRouteOptions {
  /** The client from `createRadioWorkflow(...)`, created once at start-up. */
  readonly rw: RadioWorkflow
  /** Where the login and callback routes live. Default `/auth/rw`; must match the redirect URI's path. */
  readonly prefix?: string
  /** Default: the `instance` query parameter (given once). Never consulted on the callback (the pending record names the instance). */
  readonly resolveInstanceKey?: InstanceKeyResolver
  /** Also serve `GET <prefix>/health` (`rw.health()`: 200, or 503 when the store does not answer). Default `false`. */
  readonly health?: boolean
}

export interface ResolvedHandleOptions {
  readonly rw: RadioWorkflow
  readonly loginPath: string
  readonly callbackPath: string
  readonly resolveInstanceKey: InstanceKeyResolver
  readonly answerOptions: AuthRouteOptions
  /** `null` unless the `health` option is on. */
  readonly healthPath: string | null
}

/** Checks the options once, when the handle is created, so a misconfiguration fails at start-up. */
export function resolveHandleOptions({
  rw,
  prefix = '/auth/rw',
  resolveInstanceKey = (event) => readInstanceQuery(event.url),
  health = false,
  ...answerOptions
}: RadioWorkflowHandleOptions): ResolvedHandleOptions {
  requireRadioWorkflow('createRadioWorkflowHandle', rw)
  if (!/^\/[^?#]*[^/?#]$/.test(prefix)) {
    throw new ConfigurationError(
      'prefix',
      `createRadioWorkflowHandle: prefix must start with "/" and not end with "/" (got ${JSON.stringify(prefix)}), e.g. "/auth/rw".`,
    )
  }
  if (typeof resolveInstanceKey !== 'function') {
    throw new ConfigurationError(
      'resolveInstanceKey',
      'createRadioWorkflowHandle: resolveInstanceKey must be a function.',
    )
  }
  const callbackPath = `${prefix}/callback`
  requireCallbackAtRedirectUri(rw.config.redirectUri, callbackPath, 'prefix')
  return {
    rw,
    loginPath: `${prefix}/login`,
    callbackPath,
    resolveInstanceKey,
    answerOptions,
    healthPath: health ? `${prefix}/health` : null,
  }
}
