import { hashToBase64url, UsageError } from '@rw/oauth-core'
import { readCookiePairs } from './cookie-header'

/** Name prefix of the browser-binding cookies when the redirect URI is https (`__Host-` pins them to this host and path `/`). */
export const SECURE_BINDING_COOKIE_NAME = '__Host-rw-oauth-binding'
/** Name prefix of the browser-binding cookies on plain-http (loopback development) redirect URIs. */
export const BINDING_COOKIE_NAME = 'rw-oauth-binding'
/** Default lifetime: the default pending-authorization lifetime (10 minutes). */
export const DEFAULT_BINDING_COOKIE_MAX_AGE_SECONDS = 600
/**
 * How many authorizations one browser may have in flight at once (one binding cookie each, e.g. two
 * tabs connecting two instances). A login beyond it clears the oldest cookies, whose flows then fail.
 */
export const MAX_CONCURRENT_FLOWS = 5

const FLOW_ID_LENGTH = 16

/**
 * Attributes of the binding cookie. Fixed where the security rules fix them: always HttpOnly, SameSite=Lax and
 * path `/`; `secure` follows the redirect URI's scheme.
 *
 * @see https://httpwg.org/specs/rfc6265.html#sane-set-cookie (cookie attributes)
 */
export interface BindingCookieAttributes {
  readonly httpOnly: true
  readonly secure: boolean
  readonly sameSite: 'lax'
  readonly path: '/'
  /** Seconds; 0 clears the cookie. */
  readonly maxAge: number
}

/** A cookie as data; `serializeCookie` turns it into a `Set-Cookie` value. */
export interface BindingCookie {
  readonly name: string
  readonly value: string
  readonly attributes: BindingCookieAttributes
}

/**
 * Says whether the binding cookie must be `Secure` (and so carry the `__Host-` name): from the configured
 * redirect URI, or stated explicitly.
 */
export interface BindingCookieTarget {
  /** The configured redirect URI: `secure` follows its scheme. Never derive it from request headers. */
  readonly redirectUri?: string
  /** Explicit alternative to `redirectUri`. */
  readonly secure?: boolean
}

/** Input of {@link createBindingCookie}. */
export interface CreateBindingCookieInput extends BindingCookieTarget {
  /** `StartedAuthorization.binding`. */
  readonly binding: string
  /** `readFlowId(state)`: one cookie per flow, so several flows can run in one browser. */
  readonly flowId: string
  /** Cookie lifetime in seconds. Default {@link DEFAULT_BINDING_COOKIE_MAX_AGE_SECONDS}, the pending-authorization lifetime. */
  readonly maxAgeSeconds?: number
}

/**
 * The id of one authorization flow, from its `state` (in the authorize URL and the callback query): the
 * first 16 characters of the state's SHA-256, base64url. It only names the flow's cookie; the binding
 * value inside stays the secret.
 *
 * @example
 * const flowId = readFlowId(new URL(started.url).searchParams.get('state') ?? '')
 */
export function readFlowId(state: string): string {
  return hashToBase64url(state).slice(0, FLOW_ID_LENGTH)
}

/**
 * The HttpOnly, SameSite=Lax cookie that binds an authorization to the browser that started it
 * (DESIGN.md security rules), one per flow. `secure` comes from the configured redirect URI being https,
 * which also selects the `__Host-` name.
 *
 * @example
 * const { url, binding } = await rw.startAuthorization({ instanceKey })
 * const flowId = readFlowId(new URL(url).searchParams.get('state') ?? '')
 * response.headers.append('set-cookie', serializeCookie(createBindingCookie({ binding, flowId, redirectUri: rw.config.redirectUri })))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12 (CSRF protection)
 */
export function createBindingCookie({
  binding,
  flowId,
  maxAgeSeconds = DEFAULT_BINDING_COOKIE_MAX_AGE_SECONDS,
  ...target
}: CreateBindingCookieInput): BindingCookie {
  if (binding === '') throw new UsageError('createBindingCookie: binding is empty; pass StartedAuthorization.binding.')
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds <= 0) {
    throw new UsageError('createBindingCookie: maxAgeSeconds must be a positive integer.')
  }
  const secure = isSecureTarget(target)
  return {
    name: readBindingCookieName(target, flowId),
    value: binding,
    attributes: bindingAttributes(secure, maxAgeSeconds),
  }
}

/** The same cookie with an empty value and `Max-Age=0`: send it after every callback, success or failure. */
export function createClearedBindingCookie(target: BindingCookieTarget, flowId: string): BindingCookie {
  return {
    name: readBindingCookieName(target, flowId),
    value: '',
    attributes: bindingAttributes(isSecureTarget(target), 0),
  }
}

/** The binding cookie's name for this redirect URI (or secure flag) and flow: `<prefix>-<flowId>`. */
export function readBindingCookieName(target: BindingCookieTarget, flowId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(flowId)) throw new UsageError('Binding cookie: flowId must come from readFlowId.')
  return `${isSecureTarget(target) ? SECURE_BINDING_COOKIE_NAME : BINDING_COOKIE_NAME}-${flowId}`
}

/** The flow ids of the binding cookies a request carries for this target, oldest first. */
export function readBindingFlowIds(target: BindingCookieTarget, cookieHeader: string | null | undefined): string[] {
  const prefix = `${isSecureTarget(target) ? SECURE_BINDING_COOKIE_NAME : BINDING_COOKIE_NAME}-`
  const flowIds = readCookiePairs(cookieHeader)
    .filter(([name, value]) => name.startsWith(prefix) && value !== '')
    .map(([name]) => name.slice(prefix.length))
  return [...new Set(flowIds)]
}

function isSecureTarget({ redirectUri, secure }: BindingCookieTarget): boolean {
  if (secure !== undefined) return secure
  if (redirectUri === undefined) {
    throw new UsageError('Binding cookie: pass the configured redirectUri (or an explicit secure flag).')
  }
  try {
    return new URL(redirectUri).protocol === 'https:'
  } catch {
    throw new UsageError('Binding cookie: redirectUri is not an absolute URL.')
  }
}

function bindingAttributes(secure: boolean, maxAge: number): BindingCookieAttributes {
  return { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge }
}
