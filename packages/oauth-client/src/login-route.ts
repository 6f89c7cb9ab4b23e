import { type BindingCookie, createBindingCookie } from './binding-cookie'
import type { RadioWorkflow } from './radio-workflow-types'

/** What {@link handleLoginRequest} needs from the incoming `GET /auth/rw/login` request. */
export interface LoginRequestInput {
  /** From your own session or route (`?instance=`), validated by you: it is who gets connected. */
  readonly instanceKey: string
  /** Same-origin relative path to send the browser back to after the callback (`?returnTo=`). Default `/`. */
  readonly returnTo?: string
  /** Scopes to request; default the configured `scopes`. */
  readonly scopes?: readonly string[]
}

/** What to answer to the login request: a redirect to the authorize URL that sets the binding cookie. */
export interface LoginRequestResult {
  /** Answer with a 302 to this URL. */
  readonly redirectTo: string
  /** Send with the redirect (`serializeCookie`). */
  readonly setCookie: BindingCookie
}

/**
 * The whole `GET /auth/rw/login` route, framework-free: adapters only translate request and response.
 *
 * @example
 * const { redirectTo, setCookie } = await handleLoginRequest(rw, { instanceKey: c.req.query('instance'), returnTo: c.req.query('returnTo') })
 * c.header('set-cookie', serializeCookie(setCookie))
 * return c.redirect(redirectTo)
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export async function handleLoginRequest(rw: RadioWorkflow, input: LoginRequestInput): Promise<LoginRequestResult> {
  const started = await rw.startAuthorization({
    instanceKey: input.instanceKey,
    ...(input.returnTo === undefined ? {} : { returnTo: input.returnTo }),
    ...(input.scopes === undefined ? {} : { scopes: input.scopes }),
  })
  const maxAgeSeconds = Math.max(1, Math.ceil(rw.config.pendingAuthorizationTtlMs / 1000))
  return {
    redirectTo: started.url,
    setCookie: createBindingCookie({ binding: started.binding, redirectUri: rw.config.redirectUri, maxAgeSeconds }),
  }
}
