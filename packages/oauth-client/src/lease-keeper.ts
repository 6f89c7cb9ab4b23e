import type { LockLease } from '@rw/oauth-core'
import type { RadioWorkflowLogger } from './radio-workflow-types'

/**
 * Extends a lease every third of its length while a refresh call is in flight (DESIGN.md rule 2),
 * so a slow but live holder keeps the lock and a dead one loses it within one lease.
 */
export function keepLeaseAlive(lease: LockLease, leaseMs: number, logger: RadioWorkflowLogger): { stop(): void } {
  let lost = false
  const timer = setInterval(
    () => {
      lease.extend(leaseMs).then(
        (held) => {
          if (!held && !lost) {
            lost = true
            logger.warn('The refresh lock lease was lost while the refresh call was in flight.', {
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
    stop() {
      clearInterval(timer)
    },
  }
}
