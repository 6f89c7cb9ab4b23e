import { parseCookie, stringifySetCookie } from 'cookie'
import type { BindingCookie } from './binding-cookie'

/**
 * A `Set-Cookie` header value for a cookie made by `createBindingCookie`.
 *
 * @example
 * headers.append('set-cookie', serializeCookie(createClearedBindingCookie({ redirectUri })))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-4.1
 */
export function serializeCookie(cookie: BindingCookie): string {
  const { httpOnly, secure, sameSite, path, maxAge } = cookie.attributes
  return stringifySetCookie({ name: cookie.name, value: cookie.value, httpOnly, secure, sameSite, path, maxAge })
}

/**
 * The value of cookie `name` in a `Cookie` request header, or `null`.
 *
 * @example
 * const binding = readCookie(request.headers.get('cookie'), readBindingCookieName({ redirectUri }))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-5.4
 */
export function readCookie(cookieHeader: string | null | undefined, name: string): string | null {
  if (cookieHeader === null || cookieHeader === undefined || cookieHeader === '') return null
  const value = parseCookie(cookieHeader)[name]
  return value === undefined || value === '' ? null : value
}
