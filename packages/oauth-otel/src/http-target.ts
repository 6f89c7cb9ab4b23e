import type { Attributes } from '@opentelemetry/api'
import { ATTRIBUTES } from './telemetry-names'

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 }

/**
 * The `server.*` and `url.full` attributes of a request URL. `url.full` keeps scheme, host, port and path
 * only: the query and fragment are dropped (an API query may carry anything, and the OTel conventions ask
 * to redact sensitive query values; dropping them all is the only rule that cannot miss one), and so is
 * any user:password.
 *
 * @example
 * ```ts
 * describeHttpTarget('https://api.example/v1/logs?since=1') // { 'url.full': 'https://api.example/v1/logs', ... }
 * ```
 */
export function describeHttpTarget(url: string | URL): Attributes {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return {}
  }
  const port = parsed.port === '' ? DEFAULT_PORTS[parsed.protocol] : Number(parsed.port)
  return {
    [ATTRIBUTES.SERVER_ADDRESS]: parsed.hostname,
    ...(port === undefined ? {} : { [ATTRIBUTES.SERVER_PORT]: port }),
    [ATTRIBUTES.URL_FULL]: `${parsed.protocol}//${parsed.host}${parsed.pathname}`,
  }
}
