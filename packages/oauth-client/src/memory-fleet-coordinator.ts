import type { FleetCoordinator, FleetSlot } from '@rw/oauth-core'

/**
 * The in-process {@link FleetCoordinator}: what the runtime uses when the store is not one (the
 * memory store, a custom store). Policies then hold per process, not across the fleet.
 *
 * @example
 * const coordinator = createMemoryFleetCoordinator({ now: Date.now })
 */
export function createMemoryFleetCoordinator({ now = Date.now }: { now?: () => number } = {}): FleetCoordinator {
  const failures = new Map<string, { count: number; until: number }>()
  const opens = new Map<string, number>()
  const probes = new Map<string, number>()
  const slots = new Map<string, Map<symbol, number>>()
  // GCRA: per name, the theoretical arrival time (µs): when every token taken so far is paid back at the rate.
  const arrivals = new Map<string, number>()

  return {
    async countFailure(name, windowMs) {
      const current = failures.get(name)
      const entry = current !== undefined && current.until > now() ? current : { count: 0, until: now() + windowMs }
      entry.count++
      failures.set(name, entry)
      return entry.count
    },
    async resetFailures(name) {
      failures.delete(name)
      opens.delete(name)
      probes.delete(name)
    },
    async open(name, openMs) {
      const until = now() + openMs
      opens.set(name, until)
      return until
    },
    async readOpenUntil(name) {
      const until = opens.get(name)
      return until !== undefined && until > now() ? until : null
    },
    async claimProbe(name, intervalMs) {
      const until = probes.get(name)
      if (until !== undefined && until > now()) return false
      probes.set(name, now() + intervalMs)
      return true
    },
    async tryAcquireSlot(name, limit, leaseMs) {
      const held = slots.get(name) ?? new Map<symbol, number>()
      slots.set(name, held)
      for (const [id, until] of held) if (until <= now()) held.delete(id)
      if (held.size >= limit) return null
      const id = Symbol(name)
      held.set(id, now() + leaseMs)
      const slot: FleetSlot = {
        async release() {
          held.delete(id)
        },
      }
      return slot
    },
    async tryTakeRateToken(name, perSecond, burst) {
      const nowUs = now() * 1000
      // Whole microseconds, rounded up, so the arithmetic is exact and the rate is never exceeded.
      const intervalUs = Math.ceil(1_000_000 / perSecond)
      const arrival = Math.max(arrivals.get(name) ?? nowUs, nowUs) + intervalUs
      const allowedAt = arrival - burst * intervalUs
      if (allowedAt > nowUs) return Math.ceil((allowedAt - nowUs) / 1000)
      arrivals.set(name, arrival)
      return 0
    },
  }
}
