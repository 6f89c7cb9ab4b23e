import { createMemoryTokenStore } from '@rw/oauth-client'
import { createRedactedConnectionRecord } from '@rw/oauth-core'
import type { BenchSetup } from './bench-setup'
import { type Comparison, type ComparisonPlan, comparePaths, type Operation } from './compare-paths'
import type { Fleet } from './fleet-throughput'
import { createOfflineClient } from './offline-client'
import { fleetInstanceKey, touchEach } from './seed-fleet'

const HOUR_MS = 3_600_000

export interface TokenCacheRows {
  readonly versusRawGet: Comparison
  readonly versusMapGet: Comparison
  readonly hitRate: number
}

/** A bare `Map.get` plus the expiry check: the floor any in-memory token lookup stands on. */
function createBareMapLookup(names: readonly string[]): Operation {
  const expiresAt = Date.now() + HOUR_MS
  const tokens = new Map(names.map((name) => [name, { token: `token-${name}`, expiresAt }]))
  return (pick) => {
    const entry = tokens.get(names[pick]!)
    if (entry === undefined || entry.expiresAt <= Date.now()) return Promise.reject(new Error('no token'))
    return Promise.resolve(entry.token)
  }
}

/** `getAccessToken` with `cache: {...}` on the Redis store, against a raw GET and against a bare Map.get. */
export async function measureTokenCache(
  setup: BenchSetup,
  fleet: Fleet,
  instances: number,
  plan: Omit<ComparisonPlan, 'pickRange'>,
): Promise<TokenCacheRows> {
  await fleet.growTo(instances)
  const client = setup.createClient({}, { cache: { maxEntries: instances } })
  const names = Array.from({ length: instances }, (_, index) => fleetInstanceKey(index))
  const keys = fleet.recordKeys(instances)
  try {
    await touchEach(instances, (index) => client.rw.getAccessToken(names[index]!))
    const before = client.rw.getTokenCacheStatistics()!
    const cached: Operation = (pick) => client.rw.getAccessToken(names[pick]!)
    const range = { ...plan, pickRange: instances }
    const versusRawGet = await comparePaths((pick) => client.redis.get(keys[pick]!), cached, range)
    const versusMapGet = await comparePaths(createBareMapLookup(names), cached, range)
    const after = client.rw.getTokenCacheStatistics()!
    const hits = after.hits - before.hits
    return { versusRawGet, versusMapGet, hitRate: hits / (hits + after.misses - before.misses) }
  } finally {
    await client.close()
  }
}

/** `getAccessToken` on the default in-memory store against a bare Map.get, `instances` fresh tokens. */
export async function measureMemoryStore(
  instances: number,
  plan: Omit<ComparisonPlan, 'pickRange'>,
): Promise<Comparison> {
  const store = createMemoryTokenStore()
  const names = Array.from({ length: instances }, (_, index) => `memory-${index}`)
  const now = Date.now()
  for (const name of names) {
    const record = createRedactedConnectionRecord({
      instanceKey: name,
      version: 1,
      status: 'active',
      accessToken: `token-${name}`,
      refreshToken: `refresh-${name}`,
      tokenType: 'Bearer',
      scopes: ['basic'],
      expiresAt: now + HOUR_MS,
      obtainedAt: now,
      lastRefreshAt: null,
    })
    await store.saveConnection(record, { expectedVersion: null })
  }
  const rw = createOfflineClient(store)
  return comparePaths(createBareMapLookup(names), (pick) => rw.getAccessToken(names[pick]!), {
    ...plan,
    pickRange: instances,
  })
}
