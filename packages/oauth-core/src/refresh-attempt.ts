import { UsageError } from './errors'

/**
 * The write-ahead marker of a refresh call (DESIGN.md refresh rule 8): saved on the record, under the
 * lock, before the refresh token is sent. While it stays on the record the outcome of that call is
 * not known to anyone but its sender, so nobody else may present the same refresh token: a later
 * holder marks the connection `refresh_outcome_unknown` instead, and the sender may still save the
 * pair it received over its own marker. Carries no secret: the refresh token it concerns is the
 * record's own.
 */
export interface RefreshAttempt {
  /** Random id naming the sender; a sender recognises its own marker by it. */
  readonly id: string
  /** Epoch ms when the marker was written. */
  readonly startedAt: number
  /** Epoch ms when the sender's lease ran out at the latest; after it, another holder may take over. */
  readonly leaseExpiresAt: number
}

/**
 * A marker for a refresh call about to be sent under a lease of `leaseMs`.
 *
 * @example
 * ```ts
 * const attempt = createRefreshAttempt({ id: createRandomToken(randomBytes), now, leaseMs: 30_000 })
 * ```
 */
export function createRefreshAttempt(input: { id: string; now: number; leaseMs: number }): RefreshAttempt {
  const { id, now, leaseMs } = input
  if (typeof id !== 'string' || id === '') throw new UsageError('A refresh attempt needs a non-empty random id.')
  if (!Number.isFinite(now) || !(leaseMs > 0)) {
    throw new UsageError('A refresh attempt needs the current time and a positive lease in milliseconds.')
  }
  return Object.freeze({ id, startedAt: now, leaseExpiresAt: now + leaseMs })
}
