/** What the mock has seen since it started or since `resetCounters()`. */
export interface MockCounters {
  /** GET requests to the authorize endpoint. */
  authorize: number
  /** Authorization codes handed out (approved consents). */
  codesIssued: number
  /** POSTs to `/oauth/token` (code exchange), including rejected ones. */
  tokenRequests: number
  /** Successful code exchanges. */
  tokenSuccesses: number
  /** POSTs to `/oauth/refreshToken`, including rejected ones. */
  refreshRequests: number
  /** The most POSTs to `/oauth/refreshToken` being handled at once (injected latency included). */
  peakConcurrentRefreshRequests: number
  /** Successful refreshes (a grace-window replay counts too). */
  refreshSuccesses: number
  /** `invalid_grant` answers from either endpoint (including injected ones). */
  invalidGrant: number
  /** `invalid_client` answers. */
  invalidClient: number
  /** Requests that put the client secret into the URL query. */
  secretInQuery: number
  /** A reused authorization code or rotated refresh token revoked its grant. */
  reuseDetected: number
  /** A rotated refresh token was replayed inside `reuseGraceMs`. */
  graceReplays: number
  /** Canned faults from `faults.nextTokenResponses` that were applied. */
  faultsInjected: number
  /** Requests under `/api/v1`. */
  apiRequests: number
  /** `/api/v1` answers with status 401 or 403. */
  apiRejected: number
  /** Successful refreshes per instance key. */
  refreshesByInstance: Record<string, number>
}

export function createMockCounters(): MockCounters {
  return {
    authorize: 0,
    codesIssued: 0,
    tokenRequests: 0,
    tokenSuccesses: 0,
    refreshRequests: 0,
    peakConcurrentRefreshRequests: 0,
    refreshSuccesses: 0,
    invalidGrant: 0,
    invalidClient: 0,
    secretInQuery: 0,
    reuseDetected: 0,
    graceReplays: 0,
    faultsInjected: 0,
    apiRequests: 0,
    apiRejected: 0,
    refreshesByInstance: {},
  }
}

export function resetMockCounters(counters: MockCounters): void {
  Object.assign(counters, createMockCounters())
}
