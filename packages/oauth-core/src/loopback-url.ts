import { isFetchBlockedPort } from './blocked-port'
import { ConfigurationError } from './errors'

/**
 * True for `localhost` and `*.localhost` (RFC 6761 §6.3 reserves them for loopback), `127.0.0.0/8` and
 * `[::1]`: the only hosts allowed plain `http`, because traffic to them never leaves the machine
 * (RFC 8252 §7.3, RFC 6749 §3.1.2.1 requires TLS otherwise).
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1') // true
 * isLoopbackHost('radioworkflow.com') // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  )
}

/**
 * Parses a configured URL: absolute, `https` (or `http` on a loopback host), no credentials, no
 * fragment, no port that fetch refuses (6000, 6667, ...). Throws `ConfigurationError` for `field` with `hint` telling where the value comes from.
 *
 * @example
 * ```ts
 * parseSecureUrl('endpoints.token', 'https://partner.example/token', 'from the Partner Portal').href
 * ```
 */
export function parseSecureUrl(field: string, value: unknown, hint: string): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(field, `${field} is missing: ${hint}`)
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigurationError(field, `${field} is not an absolute URL: ${hint}`)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigurationError(
      field,
      `${field} must use https (plain http is accepted only for localhost, *.localhost, 127.0.0.0/8 and [::1]).`,
    )
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigurationError(field, `${field} must not contain credentials: the SDK sends them in headers.`)
  }
  if (isFetchBlockedPort(url)) {
    throw new ConfigurationError(
      field,
      `${field} uses port ${url.port}, which fetch refuses to connect to (https://fetch.spec.whatwg.org/#port-blocking): use another port.`,
    )
  }
  if (url.hash !== '' || value.includes('#')) {
    throw new ConfigurationError(field, `${field} must not contain a #fragment (RFC 6749 §3.1).`)
  }
  return url
}
