import {
  attachRedactedPrinting,
  type HttpRequest,
  type HttpResponse,
  redactSecret,
  TokenRequestError,
  TokenResponseError,
} from '@rw/oauth-core'

/** Performs a core `HttpRequest` and hands back the plain-data `HttpResponse`. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>

/** Options of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /** Default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch
  /** Deadline for the whole exchange, body included. Default 10 000 ms. */
  readonly timeoutMs?: number
  /** Larger response bodies are discarded and rejected. Default 64 KiB. */
  readonly maxResponseBytes?: number
}

/** Default deadline of one token endpoint exchange, in milliseconds (`httpTimeoutMs`). */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000
/** Default cap on a token endpoint response body, in bytes (`maxTokenResponseBytes`): a token response is a few hundred. */
export const DEFAULT_MAX_TOKEN_RESPONSE_BYTES = 64 * 1024

/**
 * Connection errors that prove the request never left this machine. Anything else (including
 * errors we do not recognise) counts as "maybe delivered", because treating a delivered refresh
 * as undelivered could replay a rotated refresh token.
 */
const NOT_DELIVERED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_INVALID_URL',
  'UND_ERR_INVALID_ARG',
])

/**
 * Creates the transport the SDK uses for the token endpoints: redirects are never followed
 * (a 3xx is returned as is and the core rejects it), the whole exchange has a deadline and the
 * body is read as a stream and capped. Errors never include the request body or headers, and the
 * response prints with its body redacted (`util.inspect`, `JSON.stringify`, `String`).
 *
 * @example
 * const transport = createFetchTransport({ timeoutMs: 5_000 })
 * const response = await transport(createRefreshRequest(config, { refreshToken }))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5 (token endpoint responses)
 */
export function createFetchTransport({
  fetch = globalThis.fetch.bind(globalThis),
  timeoutMs = DEFAULT_HTTP_TIMEOUT_MS,
  maxResponseBytes = DEFAULT_MAX_TOKEN_RESPONSE_BYTES,
}: FetchTransportOptions = {}): HttpTransport {
  return async function performHttpRequest(request: HttpRequest): Promise<HttpResponse> {
    const target = describeTarget(request.url)
    const controller = new AbortController()
    const timer = startDeadline(controller, timeoutMs)
    try {
      let response: Response
      try {
        response = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body }),
          redirect: 'manual',
          signal: controller.signal,
          cache: 'no-store',
        })
      } catch (error) {
        throw toRequestError(error, target, controller.signal.aborted, timeoutMs)
      }
      const headers = readHeaders(response.headers)
      let body: string
      try {
        body = await readCappedBody(response, maxResponseBytes)
      } catch (error) {
        if (error instanceof TokenResponseError) throw new TokenResponseError(response.status, error.message)
        throw toRequestError(error, target, controller.signal.aborted, timeoutMs, true)
      }
      return createRedactedResponse({ status: response.status, headers, body })
    } finally {
      timer.clear()
    }
  }
}

/** A deadline that fires this much later than planned means the process was not running meanwhile. */
const STALL_TOLERANCE_MS = 50
/** The most a stalled exchange gets on top of its deadline, to read what arrived during the stall. */
const MAX_STALL_GRACE_MS = 1_000
/** Grace periods one exchange may get, so an event loop that is always late cannot keep a hung exchange open. */
const MAX_STALL_GRACES = 5

/**
 * Aborts the exchange after `timeoutMs` of time this process was running. A process stalled past the
 * deadline (GC, CPU starvation, SIGSTOP) wakes with the timer overdue and maybe the whole answer already
 * in its socket, an answer that may hold a rotated refresh token the server will never accept again. So
 * a timer that fires late gives the exchange a grace period (the deadline, at most 1 s) to read what
 * arrived, and again after each further stall (5 times at most); a grace period the process lives through
 * on time aborts.
 */
function startDeadline(controller: AbortController, timeoutMs: number): { clear(): void } {
  const graceMs = Math.min(timeoutMs, MAX_STALL_GRACE_MS)
  let timer: ReturnType<typeof setTimeout>
  let graces = 0
  const arm = (delayMs: number) => {
    const dueAt = performance.now() + delayMs
    timer = setTimeout(() => {
      const stalled = performance.now() - dueAt > STALL_TOLERANCE_MS
      if (!stalled || graces++ === MAX_STALL_GRACES) controller.abort()
      else arm(graceMs)
    }, delayMs)
  }
  arm(timeoutMs)
  return { clear: () => clearTimeout(timer) }
}

// The body of a token response holds the tokens: it prints as "[redacted]" like every other SDK object.
function createRedactedResponse(response: HttpResponse): HttpResponse {
  return Object.freeze(
    attachRedactedPrinting({ ...response }, 'HttpResponse', (r) => ({ ...r, body: redactSecret(r.body) })),
  )
}

function describeTarget(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return 'the configured endpoint'
  }
}

function readHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {}
  headers.forEach((value, name) => {
    result[name.toLowerCase()] = value
  })
  return result
}

async function readCappedBody(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw new TokenResponseError(
      response.status,
      `The response declared ${declared} bytes, over the ${maxBytes}-byte limit.`,
    )
  }
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new TokenResponseError(
        response.status,
        `The response body exceeded the ${maxBytes}-byte limit and was discarded.`,
      )
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new TextDecoder().decode(bytes)
}

function toRequestError(
  error: unknown,
  target: string,
  timedOut: boolean,
  timeoutMs: number,
  responseStarted = false,
): TokenRequestError {
  if (timedOut) {
    return new TokenRequestError(`The request to ${target} did not complete within ${timeoutMs} ms.`, {
      maybeDelivered: true,
      cause: error,
    })
  }
  const maybeDelivered = responseStarted || !isCertainlyUndelivered(error)
  return new TokenRequestError(
    maybeDelivered
      ? `The connection to ${target} failed after the request may have been sent.`
      : `The request to ${target} could not be sent (${readErrorCode(error) ?? 'connection failed'}).`,
    { maybeDelivered, cause: error },
  )
}

function isCertainlyUndelivered(error: unknown): boolean {
  const code = readErrorCode(error)
  return (code !== undefined && NOT_DELIVERED_CODES.has(code)) || isFetchPortRefusal(error)
}

// fetch's own refusal of a blocked port (undici: TypeError "fetch failed" caused by Error "bad port"):
// it happens before any connection is opened, so nothing was sent.
function isFetchPortRefusal(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined
  return cause instanceof Error && cause.message === 'bad port'
}

function readErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Object && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}
