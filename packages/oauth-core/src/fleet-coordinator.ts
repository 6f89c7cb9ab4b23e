/** A held slot of a fleet-wide concurrency cap; see {@link FleetCoordinator.tryAcquireSlot}. */
export interface FleetSlot {
  /** Gives the slot back. Never throws for a slot that already expired. */
  release(): Promise<void>
}

/**
 * Optional store capability: small shared counters and flags, so fleet-wide refresh policies (the token
 * endpoint's circuit breaker, the cap on concurrent token-endpoint calls and their optional rate) hold across
 * every process sharing the store. `RedisTokenStore` implements it; without it the runtime keeps them per
 * runtime instance.
 * Every name is a short ASCII identifier chosen by the SDK; times are epoch ms judged by the store.
 */
export interface FleetCoordinator {
  /** Counts one failure of `name` in a window that starts with the first one and lasts `windowMs`; returns the count. */
  countFailure(name: string, windowMs: number): Promise<number>
  /** Clears `name`'s failures and its open flag (the circuit closes). */
  resetFailures(name: string): Promise<void>
  /** Marks `name` open for `openMs`; returns when it closes on its own (epoch ms). */
  open(name: string, openMs: number): Promise<number>
  /** When `name`'s open flag ends (epoch ms), or `null` when it is closed. */
  readOpenUntil(name: string): Promise<number | null>
  /** `true` for exactly one caller per `intervalMs` across the fleet (the half-open probe). */
  claimProbe(name: string, intervalMs: number): Promise<boolean>
  /** One of `limit` slots of `name` for at most `leaseMs`, or `null` when all are taken. */
  tryAcquireSlot(name: string, limit: number, leaseMs: number): Promise<FleetSlot | null>
  /**
   * Takes one token of `name`'s rate of `perSecond`, allowing bursts of up to `burst` at once (GCRA: one
   * theoretical arrival time per name). Returns 0 when taken, else the ms to wait before a token frees up.
   */
  tryTakeRateToken(name: string, perSecond: number, burst: number): Promise<number>
}

/**
 * Whether a store also implements {@link FleetCoordinator}.
 *
 * @example
 * ```ts
 * const coordinator = isFleetCoordinator(store) ? store : createMemoryFleetCoordinator()
 * ```
 */
export function isFleetCoordinator(value: unknown): value is FleetCoordinator {
  const candidate = value as Partial<FleetCoordinator> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.countFailure === 'function' &&
    typeof candidate.tryAcquireSlot === 'function' &&
    typeof candidate.tryTakeRateToken === 'function' &&
    typeof candidate.claimProbe === 'function'
  )
}
