import type { Meter } from '@opentelemetry/api'
import type { StoredConnectionStatus, TokenStore } from '@rw/oauth-core'
import { ATTRIBUTES, METRIC_NAMES } from './telemetry-names'

interface CountingStore {
  countConnections(): Promise<Readonly<Record<StoredConnectionStatus, number>>>
}

/**
 * Registers the `rw.oauth.connections` observable gauge (connections per status, read from the store's
 * registry at each collection) when the store has one (`countConnections`); otherwise registers nothing
 * and returns `false`. A failed count skips that collection rather than reporting zeros.
 */
export function observeConnectionCounts(meter: Meter, store: TokenStore): boolean {
  const counting = store as Partial<CountingStore>
  if (typeof counting.countConnections !== 'function') return false
  const countConnections = counting.countConnections.bind(store)
  const gauge = meter.createObservableGauge(METRIC_NAMES.connections, {
    description: 'Stored connections per status, from the store registry.',
    unit: '{connection}',
  })
  gauge.addCallback(async function observeConnections(result) {
    let counts: Readonly<Record<StoredConnectionStatus, number>>
    try {
      counts = await countConnections()
    } catch {
      return
    }
    for (const [status, count] of Object.entries(counts)) {
      result.observe(count, { [ATTRIBUTES.CONNECTION_STATUS]: status })
    }
  })
  return true
}
