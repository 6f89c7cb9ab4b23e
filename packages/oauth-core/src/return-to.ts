import { UsageError } from './errors'

const MAX_RETURN_TO_LENGTH = 2048
const ACCEPTED =
  'returnTo must be a same-origin relative path starting with a single "/" (for example "/dashboard?tab=logs"); absolute URLs, "//host", backslashes, control characters and their percent-encoded forms are rejected.'
const PROBE_ORIGIN = 'https://same-origin.invalid'

/**
 * Accepts only same-origin relative paths, so a callback can never redirect the browser to
 * another site (an open redirect, RFC 6749 §10.15). Percent-encoded forms are decoded and checked
 * too, because some routers decode before redirecting. Returns `/` when `value` is undefined or
 * empty.
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
  if (typeof value !== 'string' || value.length > MAX_RETURN_TO_LENGTH) throw new UsageError(ACCEPTED)
  let current = value
  for (let round = 0; round < 4; round++) {
    if (!isSafeRelativePath(current)) throw new UsageError(ACCEPTED)
    const decoded = decodeOnce(current)
    if (decoded === current) return value
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

function decodeOnce(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    throw new UsageError(ACCEPTED)
  }
}
