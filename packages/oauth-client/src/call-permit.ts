import type { FleetCoordinator, FleetSlot } from '@rw/oauth-core'

/** The cap (and optional rate) on refreshes made ahead of need: background ones, and those behind a valid token. */
export interface RefreshCallCap {
  readonly coordinator: FleetCoordinator
  /** Concurrent token-endpoint calls for refreshes ahead of need, across the fleet. */
  readonly limit: number
  /** A slot frees itself after this long if its holder died. */
  readonly leaseMs: number
  /** Token-endpoint calls per second for refreshes ahead of need, across the fleet; `null`: no rate. */
  readonly rate: RefreshCallRate | null
}

/** A fleet-wide rate: `perSecond` on average, up to `burst` at once. */
export interface RefreshCallRate {
  readonly perSecond: number
  readonly burst: number
}

/** The name of the fleet-wide slots and rate that govern refreshes ahead of need. */
const REFRESH_CALLS = 'refresh-calls'

const FIRST_SLOT_POLL_MS = 10
const MAX_SLOT_POLL_MS = 200

/**
 * The rate of `refreshRatePerSecond`, with a burst of one second's worth (at least one): a sweep that finds
 * many connections due starts that many at once instead of spacing even the first ones out.
 */
export function createRefreshCallRate(perSecond: number): RefreshCallRate {
  return { perSecond, burst: Math.max(1, Math.ceil(perSecond)) }
}

/**
 * A slot of the fleet-wide cap and then a token of its rate, each polled until `deadline` (monotonic ms);
 * `null` when either does not come in time. The slot comes first: a rate token cannot be given back, so it
 * is only spent on a call that holds its slot and will be sent.
 */
export async function takeCallPermit(
  cap: RefreshCallCap,
  deadline: number,
  monotonicNow: () => number,
): Promise<FleetSlot | null> {
  const slot = await takeCallSlot(cap, deadline, monotonicNow)
  if (slot === null || cap.rate === null) return slot
  let granted = false
  try {
    granted = await takeRateToken(cap.coordinator, cap.rate, deadline, monotonicNow)
  } finally {
    if (!granted) await slot.release()
  }
  return granted ? slot : null
}

/** A slot of the fleet-wide cap, polled with capped backoff until `deadline`. */
async function takeCallSlot(cap: RefreshCallCap, deadline: number, monotonicNow: () => number) {
  let delay = FIRST_SLOT_POLL_MS
  for (;;) {
    const slot = await cap.coordinator.tryAcquireSlot(REFRESH_CALLS, cap.limit, cap.leaseMs)
    if (slot !== null || monotonicNow() + delay > deadline) return slot
    await pause(delay)
    delay = Math.min(delay * 2, MAX_SLOT_POLL_MS)
  }
}

/** A token of the fleet-wide rate, retried after the wait the coordinator answers, while it ends before `deadline`. */
async function takeRateToken(
  coordinator: FleetCoordinator,
  rate: RefreshCallRate,
  deadline: number,
  monotonicNow: () => number,
): Promise<boolean> {
  for (;;) {
    const waitMs = await coordinator.tryTakeRateToken(REFRESH_CALLS, rate.perSecond, rate.burst)
    if (waitMs === 0) return true
    if (monotonicNow() + waitMs > deadline) return false
    await pause(waitMs)
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
