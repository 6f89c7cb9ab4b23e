// RFC 6750 §2.1 b64token, widened to every visible ASCII character the way servers actually issue tokens;
// never CR/LF, spaces or non-ASCII, which would break (or split) the Authorization header.
const TOKEN_CHARACTERS = /^[\x21-\x7E]+$/

/**
 * Whether `value` can be sent as an access or refresh token: visible ASCII only. The same rule guards token
 * responses and stored records.
 *
 * @example
 * ```ts
 * isTokenText('abc.DEF-123') // true
 * isTokenText('abc\r\nX-Evil: 1') // false
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function isTokenText(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_CHARACTERS.test(value)
}
