import { encodeBase64Url } from 'hono/utils/encode'

/**
 * A random opaque token (256 bits) with a recognisable prefix such as `rwat_`, so a leaked
 * token is easy to grep for and never guessable from a counter.
 */
export function createRandomToken(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return `${prefix}${encodeBase64Url(bytes.buffer).replace(/=+$/, '')}`
}
