import { ApiRequestError, ConfigurationError, type ResolvedConfig, UsageError } from '@rw/oauth-core'
import type { ConnectionAccess } from './connection-access'

export interface ApiFetchDependencies {
  readonly config: ResolvedConfig
  readonly access: ConnectionAccess
  readonly fetch: typeof globalThis.fetch
}

/**
 * `fetch` against the Radio Workflow API with the instance's Bearer token (RFC 6750 §2.1). On a
 * 401 it forces one refresh (coalesced with any in flight) and retries exactly once; a second 401
 * is returned. A `ReadableStream` body cannot be sent twice, so such requests are not retried.
 */
export async function fetchWithConnection(
  deps: ApiFetchDependencies,
  instanceKey: string,
  path: string | URL,
  init: RequestInit = {},
): Promise<Response> {
  const url = resolveApiUrl(deps.config, path)
  const record = await deps.access.readUsableRecord(instanceKey)
  const first = await send(deps, url, init, record.accessToken)
  if (first.status !== 401 || !isResendable(init.body)) return first

  let refreshed: Awaited<ReturnType<ConnectionAccess['forceRefresh']>>
  try {
    refreshed = await deps.access.forceRefresh(instanceKey, record.version)
  } catch (error) {
    await first.body?.cancel().catch(() => undefined)
    throw error
  }
  if (refreshed.record.accessToken === record.accessToken) return first
  await first.body?.cancel().catch(() => undefined)
  return send(deps, url, init, refreshed.record.accessToken)
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/

/**
 * Where `rw.fetch` sends a request. A path (`'/logs'` or `'logs'`) is appended to `endpoints.api`, base path
 * included: with `api: 'https://api.example/v1'`, `'/logs'` is `https://api.example/v1/logs` (like a client's
 * base URL; unlike `new URL(path, base)`, which would drop `/v1`). An absolute URL (a `URL` or a string with
 * a scheme) is used as is, but must be on the API origin: the token never goes anywhere else.
 */
export function resolveApiUrl(config: ResolvedConfig, path: string | URL): URL {
  if (config.endpoints.api === null) {
    throw new ConfigurationError(
      'endpoints.api',
      'endpoints.api is not configured: set it to the Radio Workflow API base URL to use rw.fetch.',
    )
  }
  const base = new URL(config.endpoints.api)
  let url: URL
  try {
    url = typeof path === 'string' && !SCHEME.test(path) ? appendToBase(base, path) : new URL(path)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError('rw.fetch: the path is not a valid URL or relative path.')
  }
  if (url.origin !== base.origin) {
    throw new UsageError(
      `rw.fetch only sends the access token to the API origin ${base.origin}; use a path or a URL on that origin.`,
    )
  }
  return url
}

function appendToBase(base: URL, path: string): URL {
  if (path.startsWith('//') || path.startsWith('\\')) {
    throw new UsageError('rw.fetch: a path must not start with "//" (that names another host); use "/path".')
  }
  const basePath = base.pathname.replace(/\/+$/, '')
  return new URL(`${base.origin}${basePath}/${path.replace(/^\/+/, '')}`)
}

async function send(deps: ApiFetchDependencies, url: URL, init: RequestInit, accessToken: string): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('authorization', `Bearer ${accessToken}`)
  try {
    return await deps.fetch(url, { ...init, headers })
  } catch (error) {
    if (init.signal?.aborted) throw error
    throw new ApiRequestError(`The Radio Workflow API request to ${url.origin}${url.pathname} failed.`, {
      cause: error,
    })
  }
}

function isResendable(body: RequestInit['body']): boolean {
  if (body === undefined || body === null) return true
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return false
  return !(typeof body === 'object' && Symbol.asyncIterator in body)
}
