/** What the soak's server front injects into one refresh request. */
export type NetworkFault = 'none' | 'http_503' | 'lose_request' | 'lose_response'

/**
 * - `rotated`: the refresh succeeded; the presented token is spent.
 * - `reuse_revoked`: the presented token was already spent; reuse detection revoked the grant.
 * - `rejected`: any other error answer (revoked grant, unknown token, bad request).
 * - `fault_503` / `lost_request`: injected; the mock never saw the request.
 */
export type PresentationOutcome = 'rotated' | 'reuse_revoked' | 'rejected' | 'fault_503' | 'lost_request'

/** One refresh request as the server side saw it. Tokens appear only as fingerprints. */
export interface Presentation {
  readonly id: number
  /** The `x-soak-worker` header (worker slot and incarnation), or `supervisor`. */
  readonly workerId: string
  readonly instanceKey: string | null
  readonly grantId: string | null
  readonly presentedHash: string | null
  /** Soak clock (ms since the run started) when the mock decided. */
  readonly decidedAt: number
  readonly fault: NetworkFault
  readonly latencyMs: number
  readonly outcome: PresentationOutcome
  /** The new refresh token's fingerprint when `rotated`. */
  readonly issuedHash: string | null
  /** The whole answer was handed to a socket that was still open. */
  readonly delivered: boolean
}
