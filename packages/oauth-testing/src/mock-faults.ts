/** Which endpoint a canned fault applies to. Default: whichever of the two is called next. */
export type MockTokenEndpoint = 'token' | 'refresh'

/**
 * One canned answer for the next token or refresh request.
 * - `html5xx`: a gateway-style HTML error page with `status` (default 502); no state changes.
 * - `invalid_grant`: an RFC 6749 §5.2 `invalid_grant` body; no state changes.
 * - `status`: any `status`, `body` and `contentType` (default `application/json`); no state changes.
 * - `lose_response_after_rotation`: the request is processed (codes consumed, tokens rotated),
 *   then the client never gets the answer: `mock.fetch` rejects with a `TypeError` and a
 *   listening server destroys the socket.
 * - `lose_request`: the connection drops before the server processes anything.
 */
export type MockTokenFault = (
  | { readonly kind: 'html5xx'; readonly status?: number }
  | { readonly kind: 'invalid_grant' }
  | {
      readonly kind: 'status'
      readonly status: number
      readonly body?: string
      readonly contentType?: string
      /** Extra response headers, e.g. `{ 'retry-after': '120' }`. */
      readonly headers?: Readonly<Record<string, string>>
    }
  | { readonly kind: 'lose_response_after_rotation' }
  | { readonly kind: 'lose_request' }
) & { readonly endpoint?: MockTokenEndpoint }

/**
 * A lasting fault: every matching request gets this answer until `mock.faults.outage` is set back to
 * `null` (the `nextTokenResponses` queue is left alone meanwhile). Nothing rotates during an outage.
 */
export type MockOutage = Extract<MockTokenFault, { readonly kind: 'html5xx' | 'status' | 'lose_request' }>

/** Latency in milliseconds: fixed, or drawn uniformly from `[min, max]` per request. */
export type MockLatency = number | { readonly min: number; readonly max: number }

/** Fault switches; change them at any time through `mock.faults`. */
export interface MockFaults {
  /** Delay before the token and refresh endpoints answer. Default 0. Never blocks the event loop. */
  latencyMs: MockLatency
  /** Queue consumed front to back, one entry per matching token/refresh request. */
  nextTokenResponses: MockTokenFault[]
  /** While set, every token/refresh request it applies to (per its `endpoint`) gets this answer. Default `null`. */
  outage: MockOutage | null
}

export function createMockFaults(): MockFaults {
  return { latencyMs: 0, nextTokenResponses: [], outage: null }
}

/** The outage when one applies to `endpoint`, else removes and returns the first queued fault that does. */
export function takeNextTokenFault(faults: MockFaults, endpoint: MockTokenEndpoint): MockTokenFault | undefined {
  const { outage } = faults
  if (outage !== null && (outage.endpoint ?? endpoint) === endpoint) return outage
  const index = faults.nextTokenResponses.findIndex((fault) => (fault.endpoint ?? endpoint) === endpoint)
  if (index === -1) return undefined
  return faults.nextTokenResponses.splice(index, 1)[0]
}

export function pickLatencyMs(latency: MockLatency): number {
  if (typeof latency === 'number') return latency
  return latency.min + Math.random() * (latency.max - latency.min)
}

/** Waits without blocking the event loop; rejects when the client aborts the request. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
