import { UsageError } from '@rw/oauth-core'
import type { BindingCookie } from './binding-cookie'

// RFC 6265 §4.1.1: a cookie name is an RFC 7230 token; a value is cookie-octets (no space, DQUOTE, comma,
// semicolon or backslash, no control or non-ASCII characters). Written by hand, strictly, for the SDK's own
// cookies: the `cookie` package's v1 types clash with what SvelteKit 2 expects once hoisted.
const COOKIE_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/

/**
 * A `Set-Cookie` header value for a cookie made by `createBindingCookie`, e.g.
 * `rw-oauth-binding-Ab3…=v4lue; Max-Age=600; Path=/; HttpOnly; SameSite=Lax`. Throws `UsageError`
 * for a name or value that a `Set-Cookie` header cannot carry verbatim.
 *
 * @example
 * headers.append('set-cookie', serializeCookie(createClearedBindingCookie({ redirectUri }, flowId)))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-4.1
 */
export function serializeCookie(cookie: BindingCookie): string {
  const { httpOnly, secure, sameSite, path, maxAge } = cookie.attributes
  if (!COOKIE_NAME.test(cookie.name)) throw new UsageError('serializeCookie: the cookie name is not an RFC 6265 token.')
  if (!COOKIE_VALUE.test(cookie.value)) {
    throw new UsageError('serializeCookie: the cookie value holds characters a Set-Cookie header cannot carry.')
  }
  if (!Number.isInteger(maxAge) || maxAge < 0) throw new UsageError('serializeCookie: maxAge must be an integer ≥ 0.')
  const parts = [`${cookie.name}=${cookie.value}`, `Max-Age=${maxAge}`, `Path=${path}`]
  if (httpOnly) parts.push('HttpOnly')
  if (secure) parts.push('Secure')
  parts.push(`SameSite=${sameSite === 'lax' ? 'Lax' : sameSite}`)
  return parts.join('; ')
}

/**
 * Every `name=value` pair of a `Cookie` request header, in the order the browser sent them (oldest
 * first for equal paths, RFC 6265 §5.4). Values are returned verbatim (no percent-decoding); a value in
 * double quotes loses them. Malformed pairs (no `=`, a name that is not a token) are skipped.
 *
 * @example
 * readCookiePairs('a=1; b="2"') // [['a', '1'], ['b', '2']]
 *
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-5.4
 */
export function readCookiePairs(cookieHeader: string | null | undefined): Array<readonly [string, string]> {
  if (typeof cookieHeader !== 'string' || cookieHeader === '') return []
  const pairs: Array<readonly [string, string]> = []
  for (const part of cookieHeader.split(';')) {
    const equals = part.indexOf('=')
    if (equals === -1) continue
    const name = part.slice(0, equals).trim()
    let value = part.slice(equals + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    if (COOKIE_NAME.test(name) && COOKIE_VALUE.test(value)) pairs.push([name, value])
  }
  return pairs
}

/**
 * The value of cookie `name` in a `Cookie` request header, or `null` when it is absent, empty or sent
 * more than once (two values are ambiguous, e.g. one planted by a sibling subdomain: neither is trusted).
 *
 * @example
 * const binding = readCookie(request.headers.get('cookie'), readBindingCookieName({ redirectUri }, flowId))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-5.4
 */
export function readCookie(cookieHeader: string | null | undefined, name: string): string | null {
  const values = readCookiePairs(cookieHeader).filter(([candidate]) => candidate === name)
  if (values.length !== 1) return null
  const value = (values[0] as readonly [string, string])[1]
  return value === '' ? null : value
}
