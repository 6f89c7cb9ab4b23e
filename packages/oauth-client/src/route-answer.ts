/**
 * What every client route handler returns: status, headers (each `Set-Cookie` its own entry) and body,
 * with the whole HTTP policy already applied (`cache-control: no-store`, `x-content-type-options: nosniff`,
 * cleared binding cookies, one error shape). An adapter only writes it out: {@link toWebResponse} for
 * Fetch-API frameworks, or set each header in order on a Node response.
 */
export interface RouteAnswer {
  readonly status: number
  /** In order; names lower-case. Append them all (several `set-cookie` entries may appear). */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>
  /** `null` for redirects and `HEAD`. */
  readonly body: string | Uint8Array | null
}

// Every answer of the SDK's routes is per-user and must never be cached or sniffed into another type.
const BASE_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['cache-control', 'no-store'],
  ['x-content-type-options', 'nosniff'],
]

/**
 * Builds an answer with the base policy headers (`no-store`, `nosniff`) first.
 *
 * @example
 * createRouteAnswer(200, [['content-type', 'application/json; charset=utf-8']], JSON.stringify(body))
 */
export function createRouteAnswer(
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
  body: string | Uint8Array | null,
): RouteAnswer {
  return Object.freeze({ status, headers: Object.freeze([...BASE_HEADERS, ...headers]), body })
}

/**
 * A Web `Response` carrying the answer byte for byte (Hono, SvelteKit, any Fetch-API runtime).
 *
 * @example
 * return toWebResponse(await handleLoginRequest(rw, { method: c.req.method, url: c.req.url, headers: c.req.raw.headers }))
 */
export function toWebResponse(answer: RouteAnswer): Response {
  const headers = new Headers()
  for (const [name, value] of answer.headers) headers.append(name, value)
  return new Response(answer.body as BodyInit | null, { status: answer.status, headers })
}

/**
 * A 302 to `location` with the given `Set-Cookie` values.
 *
 * @example
 * answerRedirect('/dashboard', [serializeCookie(createClearedBindingCookie({ redirectUri }, flowId))])
 */
export function answerRedirect(location: string, setCookies: readonly string[]): RouteAnswer {
  return createRouteAnswer(
    302,
    [['location', location], ...setCookies.map((value) => ['set-cookie', value] as const)],
    null,
  )
}

/**
 * The 405 of login and callback for any method but `GET`: a `HEAD` (link checker, prefetch) must not start or
 * consume a flow.
 *
 * @example
 * if (request.method !== 'GET') return answerMethodNotAllowed()
 */
export function answerMethodNotAllowed(): RouteAnswer {
  return createRouteAnswer(
    405,
    [
      ['allow', 'GET'],
      ['content-type', 'text/plain; charset=utf-8'],
    ],
    'Method Not Allowed',
  )
}
