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

/** Builds an answer with the base policy headers first. */
export function createRouteAnswer(
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
  body: string | Uint8Array | null,
): RouteAnswer {
  return Object.freeze({ status, headers: Object.freeze([...BASE_HEADERS, ...headers]), body })
}

/** The same answer with more `set-cookie` headers. */
export function appendSetCookies(answer: RouteAnswer, setCookies: readonly string[]): RouteAnswer {
  return Object.freeze({
    ...answer,
    headers: Object.freeze([...answer.headers, ...setCookies.map((value) => ['set-cookie', value] as const)]),
  })
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
