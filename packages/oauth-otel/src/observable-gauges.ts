import type { Meter } from '@opentelemetry/api'
import { type ConnectionCounts, type ConnectionRegistry, isConnectionRegistry, type TokenStore } from '@rw/oauth-core'
import { ATTRIBUTES, METRIC_NAMES } from './telemetry-names'

/**
 * Registers the `rw.oauth.connections` observable gauge (connections per status, read from the store's
 * registry at each collection) when the store has one; otherwise registers nothing
 * and returns `false`. A failed count skips that collection rather than reporting zeros.
 */
export function observeConnectionCounts(meter: Meter, store: TokenStore): boolean {
  if (!isConnectionRegistry(store)) return false
  const gauge = meter.createObservableGauge(METRIC_NAMES.connections, {
    description: 'Stored connections per status, from the store registry.',
    unit: '{connection}',
  })
  gauge.addCallback(async function observeConnections(result) {
    let counts: ConnectionCounts
    try {
      counts = await store.countConnections()
    } catch {
      return
    }
    for (const [status, count] of Object.entries(counts)) {
      result.observe(count, { [ATTRIBUTES.CONNECTION_STATUS]: status })
    }
  })
  return true
}

/**
 * Registers the `rw.oauth.connection.soonest_expiry` observable gauge: seconds from `now()` until the first
 * access token among active connections expires (negative once it has), read from the store's registry at
 * each collection, when the store has `findSoonestExpiry`; otherwise registers nothing and returns `false`.
 * Nothing is observed while no connection is active or when the read fails.
 */
export function observeSoonestExpiry(meter: Meter, store: TokenStore, now: () => number): boolean {
  const registry = store as TokenStore & Partial<ConnectionRegistry>
  const findSoonestExpiry = registry.findSoonestExpiry
  if (typeof findSoonestExpiry !== 'function') return false
  const gauge = meter.createObservableGauge(METRIC_NAMES.soonestExpiry, {
    description: 'Seconds until the first access token among active connections expires (negative once it has).',
    unit: 's',
  })
  gauge.addCallback(async function observeSoonest(result) {
    let soonest: number | null
    try {
      soonest = await findSoonestExpiry.call(registry)
    } catch {
      return
    }
    if (soonest !== null) result.observe((soonest - now()) / 1000)
  })
  return true
}

/**
 * Registers the `rw.oauth.circuit_breaker.open` observable gauge: 1 while the token endpoint's circuit
 * breaker holds refreshes back, else 0, read at each collection. A failed read skips that collection.
 */
export function observeBreakerState(meter: Meter, readBreakerState: () => Promise<'open' | 'closed'>): void {
  const gauge = meter.createObservableGauge(METRIC_NAMES.breakerOpen, {
    description: "1 while the token endpoint's circuit breaker holds refreshes back, else 0.",
    unit: '1',
  })
  gauge.addCallback(async function observeBreaker(result) {
    try {
      result.observe((await readBreakerState()) === 'open' ? 1 : 0)
    } catch {
      // Store unreachable: nothing to report this time.
    }
  })
}
