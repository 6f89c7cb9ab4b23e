import { UsageError } from './errors'
import { isWellFormedText } from './well-formed-text'

const MAX_RETURN_TO_LENGTH = 2048
const ACCEPTED =
  'returnTo must be a same-origin relative path starting with a single "/" (for example "/dashboard?tab=logs"); absolute URLs, "//host", backslashes, control characters and their percent-encoded forms are rejected.'
const PROBE_ORIGIN = 'https://same-origin.invalid'

/**
 * Accepts only same-origin relative paths, so a callback can never redirect the browser to
 * another site (an open redirect, RFC 6749 §10.15). Percent-encoded forms are decoded and checked
 * too, because some routers decode before redirecting. Returns `/` when `value` is undefined or
 * empty. The result is header-safe: characters outside printable ASCII (e.g. `/漢字`) come back
 * percent-encoded (`/%E6%BC%A2%E5%AD%97`), so every framework can put it in a `Location` header.
 *
 * @example
 * ```ts
 * validateReturnTo('/stations/42?tab=logs') // '/stations/42?tab=logs'
 * validateReturnTo('//evil.example') // throws UsageError
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.15
 */
export function validateReturnTo(value?: string): string {
  if (value === undefined || value === '') return '/'
  if (typeof value !== 'string' || value.length > MAX_RETURN_TO_LENGTH || !isWellFormedText(value)) {
    throw new UsageError(ACCEPTED)
  }
  let current = value
  for (let round = 0; round < 4; round++) {
    if (!isSafeRelativePath(current)) throw new UsageError(ACCEPTED)
    const decoded = decodeOnce(current)
    if (decoded === current) return encodeForHeader(value)
    current = decoded
  }
  throw new UsageError(ACCEPTED)
}

function isSafeRelativePath(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//')) return false
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is rejected
  if (/[\\\u0000-\u001F\u007F]/.test(path)) return false
  return new URL(path, PROBE_ORIGIN).origin === PROBE_ORIGIN
}

// Printable ASCII except space stays; everything else is UTF-8 percent-encoded (RFC 3986 §2.1).
function encodeForHeader(path: string): string {
  return path.replace(/[^\x21-\x7E]/gu, (character) => encodeURIComponent(character))
}

function decodeOnce(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    throw new UsageError(ACCEPTED)
  }
}
