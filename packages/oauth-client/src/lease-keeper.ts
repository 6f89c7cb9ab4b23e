import type { LockLease, RadioWorkflowLogger } from '@rw/oauth-core'

/** A held lease, kept alive while a refresh is under way, that knows how long it is surely still held. */
export interface KeptLease {
  readonly lease: LockLease
  /**
   * Whether the lease is certainly still held with `marginMs` to spare, judged on the monotonic clock
   * from the moment the last acquire or extension was *sent* (a pause of the process counts against it).
   */
  isHeldWithMargin(marginMs: number): boolean
  stop(): void
}

/**
 * Extends a lease every third of its length while a refresh is under way (DESIGN.md rule 2), so a slow
 * but live holder keeps the lock and a dead one loses it within one lease. `acquiredAt` is the
 * monotonic time just before the acquire was sent.
 */
export function keepLeaseAlive(
  lease: LockLease,
  options: { leaseMs: number; acquiredAt: number; monotonicNow: () => number; logger: RadioWorkflowLogger },
): KeptLease {
  const { leaseMs, monotonicNow, logger } = options
  let heldUntil = options.acquiredAt + leaseMs
  let lost = false
  const timer = setInterval(
    () => {
      const sentAt = monotonicNow()
      lease.extend(leaseMs).then(
        (held) => {
          if (held) {
            if (!lost) heldUntil = Math.max(heldUntil, sentAt + leaseMs)
            return
          }
          if (!lost) {
            lost = true
            logger.warn('The refresh lock lease was lost while the refresh was under way.', {
              instanceKey: lease.instanceKey,
            })
          }
        },
        (error: unknown) =>
          logger.warn('Extending the refresh lock lease failed.', {
            instanceKey: lease.instanceKey,
            error: error instanceof Error ? error.name : typeof error,
          }),
      )
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  )
  return {
    lease,
    isHeldWithMargin(marginMs) {
      return !lost && monotonicNow() + marginMs < heldUntil
    },
    stop() {
      clearInterval(timer)
    },
  }
}
