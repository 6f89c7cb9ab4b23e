// STUB
/** `fresh`: serve. `due`: refresh now, but may still be served if the refresh fails transiently. `expired`: never served. */
export type ExpiryClass = 'fresh' | 'due' | 'expired'

export interface ExpiryPolicy {
  readonly refreshWindowMs: number
  readonly refreshJitterMs: number
  /** In [0, 1): this process's share of the jitter (drawn once by the runtime). */
  readonly jitterFraction: number
}

export function classifyExpiry(expiresAt: number, now: number, policy: ExpiryPolicy): ExpiryClass {
  void expiresAt
  void now
  void policy
  throw new Error('not implemented')
}
