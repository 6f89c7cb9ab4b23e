/**
 * True for one RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`.
 *
 * @example
 * ```ts
 * isScopeToken('edit-logs') // true
 * isScopeToken('basic dubbed') // false: two scopes go in two array items
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function isScopeToken(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(value)
}
