import { UsageError } from '@rw/oauth-core'

/** Name of the browser-binding cookie when the redirect URI is https (the `__Host-` prefix pins it to this host and path `/`). */
export const SECURE_BINDING_COOKIE_NAME = '__Host-rw-oauth-binding'
/** Name of the browser-binding cookie on plain-http (loopback development) redirect URIs. */
export const BINDING_COOKIE_NAME = 'rw-oauth-binding'
/** Default lifetime: the default pending-authorization lifetime (10 minutes). */
export const DEFAULT_BINDING_COOKIE_MAX_AGE_SECONDS = 600

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
  /** Cookie lifetime in seconds. Default {@link DEFAULT_BINDING_COOKIE_MAX_AGE_SECONDS}, the pending-authorization lifetime. */
  readonly maxAgeSeconds?: number
}

/**
 * The HttpOnly, SameSite=Lax cookie that binds an authorization to the browser that started it
 * (DESIGN.md security rules). `secure` comes from the configured redirect URI being https, which
 * also selects the `__Host-` name.
 *
 * @example
 * const { url, binding } = await rw.startAuthorization({ instanceKey })
 * const cookie = createBindingCookie({ binding, redirectUri: rw.config.redirectUri })
 * response.headers.append('set-cookie', serializeCookie(cookie))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12 (CSRF protection)
 */
export function createBindingCookie({
  binding,
  maxAgeSeconds = DEFAULT_BINDING_COOKIE_MAX_AGE_SECONDS,
  ...target
}: CreateBindingCookieInput): BindingCookie {
  if (binding === '') throw new UsageError('createBindingCookie: binding is empty; pass StartedAuthorization.binding.')
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds <= 0) {
    throw new UsageError('createBindingCookie: maxAgeSeconds must be a positive integer.')
  }
  const secure = isSecureTarget(target)
  return { name: readBindingCookieName(target), value: binding, attributes: bindingAttributes(secure, maxAgeSeconds) }
}

/** The same cookie with an empty value and `Max-Age=0`: send it after every callback, success or failure. */
export function createClearedBindingCookie(target: BindingCookieTarget): BindingCookie {
  return { name: readBindingCookieName(target), value: '', attributes: bindingAttributes(isSecureTarget(target), 0) }
}

/** The binding cookie's name for this redirect URI (or secure flag). */
export function readBindingCookieName(target: BindingCookieTarget): string {
  return isSecureTarget(target) ? SECURE_BINDING_COOKIE_NAME : BINDING_COOKIE_NAME
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
