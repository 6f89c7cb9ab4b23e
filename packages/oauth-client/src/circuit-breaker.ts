import type { FleetCoordinator, RadioWorkflowLogger } from '@rw/oauth-core'

/** When the token endpoint's circuit opens and how it probes; see `createRadioWorkflow`'s `circuitBreaker`. */
export interface CircuitBreakerOptions {
  /** Failed refreshes (any instance, any process) within `windowMs` that open the circuit. Default 10. */
  readonly failureThreshold: number
  /** The window failures are counted in. Default 30 000 ms. */
  readonly windowMs: number
  /** How long the circuit stays open after the last failure. Default 30 000 ms. */
  readonly openMs: number
  /** While open, one refresh per this interval goes through as a probe. Default 5 000 ms. */
  readonly probeIntervalMs: number
}

/** The defaults of {@link CircuitBreakerOptions}. */
export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerOptions = Object.freeze({
  failureThreshold: 10,
  windowMs: 30_000,
  openMs: 30_000,
  probeIntervalMs: 5_000,
})

/** Whether a refresh may call the token endpoint now. */
export type CircuitAdmission = { readonly admitted: true } | { readonly admitted: false; readonly retryAt: number }

/** The token endpoint's circuit breaker, shared by every process through a {@link FleetCoordinator}. */
export interface CircuitBreaker {
  /** Closed: admitted. Open: one probe per interval is admitted, everyone else gets `retryAt`. */
  admit(): Promise<CircuitAdmission>
  /** A refresh failed without an answer the server stands behind (5xx, unreachable, lost). */
  recordFailure(): Promise<void>
  /** A refresh succeeded: closes the circuit if this process saw it failing. */
  recordSuccess(): Promise<void>
  /** `open` while refreshes are held back, else `closed`. */
  readState(): Promise<'open' | 'closed'>
  /**
   * In-process hint, no store call: `true` while this process last learned that refreshes are held back.
   * Refreshes made ahead of need skip on it, so an outage costs them no Redis round trip per call.
   */
  isKnownHeldBack(): boolean
}

/**
 * Opens after `failureThreshold` failed refreshes within `windowMs` across the fleet, then lets one
 * probe through per `probeIntervalMs` and closes on the first success, so an outage of the token
 * endpoint costs a handful of requests instead of one per caller.
 */
export function createCircuitBreaker(input: {
  readonly coordinator: FleetCoordinator
  readonly name: string
  readonly options: CircuitBreakerOptions
  readonly now: () => number
  readonly logger: RadioWorkflowLogger
}): CircuitBreaker {
  const { coordinator, name, options, now, logger } = input
  // Whether this process saw the circuit failing recently: only then does a success pay for a reset.
  let troubledUntil = 0
  let heldBackUntil = 0

  return {
    async admit() {
      const openUntil = await coordinator.readOpenUntil(name)
      if (openUntil === null) return { admitted: true }
      troubledUntil = Math.max(troubledUntil, openUntil)
      if (await coordinator.claimProbe(name, options.probeIntervalMs)) return { admitted: true }
      const retryAt = Math.min(openUntil, now() + options.probeIntervalMs)
      heldBackUntil = retryAt
      return { admitted: false, retryAt }
    },
    async recordFailure() {
      troubledUntil = now() + options.windowMs
      const failures = await coordinator.countFailure(name, options.windowMs)
      if (failures < options.failureThreshold) return
      const until = await coordinator.open(name, options.openMs)
      // The first probe comes one interval after opening, not with the very next call.
      await coordinator.claimProbe(name, options.probeIntervalMs)
      heldBackUntil = Math.min(until, now() + options.probeIntervalMs)
      troubledUntil = Math.max(troubledUntil, until)
      if (failures === options.failureThreshold) {
        logger.warn('The token endpoint keeps failing: refreshes are held back (circuit open).', {
          failures,
          openUntil: until,
        })
      }
    },
    async recordSuccess() {
      heldBackUntil = 0
      if (now() > troubledUntil) return
      troubledUntil = 0
      await coordinator.resetFailures(name)
    },
    isKnownHeldBack() {
      return now() < heldBackUntil
    },
    async readState() {
      return (await coordinator.readOpenUntil(name)) === null ? 'closed' : 'open'
    },
  }
}

/** A short, key-safe name for a token endpoint URL (FNV-1a, 32 bits). */
export function nameCircuit(url: string): string {
  let hash = 0x811c9dc5
  for (let index = 0; index < url.length; index++) {
    hash ^= url.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return `refresh-endpoint-${(hash >>> 0).toString(16).padStart(8, '0')}`
}
