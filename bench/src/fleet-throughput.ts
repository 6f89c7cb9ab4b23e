import type { CacheStatistics } from '@rw/oauth-redis'
import type { BenchClient, BenchSetup } from './bench-setup'
import { type Comparison, type ComparisonPlan, comparePaths } from './compare-paths'
import { fleetInstanceKey, readUsedMemory, seedFleet, touchEach } from './seed-fleet'

export interface FleetRow {
  readonly instances: number
  readonly comparison: Comparison
  /** Decoded-record cache hits over lookups during the measured rounds. */
  readonly recordCacheHitRate: number
  readonly recordCache: CacheStatistics | undefined
  /** Growth of Redis `used_memory` per seeded connection (record key and value, with Redis overhead). */
  readonly redisBytesPerConnection: number
  /** Growth of this process's heap per instance the warm-up pass cached (needs `--expose-gc`). */
  readonly heapBytesPerInstance: number
}

const collectGarbage = (globalThis as { gc?: () => void }).gc

function measureHeap(): number {
  collectGarbage?.()
  collectGarbage?.()
  return collectGarbage === undefined ? Number.NaN : process.memoryUsage().heapUsed
}

/** The fleet grows as the rows go: instances are seeded once and reused by the bigger rows. */
export class Fleet {
  readonly #setup: BenchSetup
  #seeded = 0
  #usedMemoryBefore = Number.NaN

  constructor(setup: BenchSetup) {
    this.#setup = setup
  }

  async growTo(instances: number): Promise<number> {
    if (Number.isNaN(this.#usedMemoryBefore)) this.#usedMemoryBefore = await readUsedMemory(this.#setup.client.redis)
    // Seeding through its own client, so the measured client's record cache starts cold.
    const seeder = this.#setup.createClient({})
    try {
      await seedFleet(seeder, this.#seeded, instances)
    } finally {
      await seeder.close()
    }
    this.#seeded = Math.max(this.#seeded, instances)
    return ((await readUsedMemory(this.#setup.client.redis)) - this.#usedMemoryBefore) / this.#seeded
  }

  recordKeys(instances: number): string[] {
    return Array.from({ length: instances }, (_, index) => this.#setup.recordKeyOf(fleetInstanceKey(index)))
  }
}

/**
 * `getAccessToken` (RedisTokenStore, AES-256-GCM, default store options) against a raw ioredis `GET` of the
 * very same record keys, uniformly random over `instances`, after one pass that touched every instance.
 */
export async function measureFleetRow(
  setup: BenchSetup,
  fleet: Fleet,
  instances: number,
  plan: Omit<ComparisonPlan, 'pickRange'>,
  client: BenchClient = setup.createClient({}),
): Promise<FleetRow> {
  const redisBytesPerConnection = await fleet.growTo(instances)
  const names = Array.from({ length: instances }, (_, index) => fleetInstanceKey(index))
  const keys = fleet.recordKeys(instances)
  try {
    const heapBefore = measureHeap()
    await touchEach(instances, (index) => client.rw.getAccessToken(names[index]!))
    const heapBytesPerInstance = (measureHeap() - heapBefore) / instances
    const before = client.store.recordCacheStatistics
    const comparison = await comparePaths(
      (pick) => client.redis.get(keys[pick]!),
      (pick) => client.rw.getAccessToken(names[pick]!),
      { ...plan, pickRange: instances },
    )
    const after = client.store.recordCacheStatistics
    const hits = (after?.hits ?? 0) - (before?.hits ?? 0)
    const lookups = hits + (after?.misses ?? 0) - (before?.misses ?? 0)
    return {
      instances,
      comparison,
      recordCacheHitRate: lookups === 0 ? 0 : hits / lookups,
      recordCache: after,
      redisBytesPerConnection,
      heapBytesPerInstance,
    }
  } finally {
    await client.close()
  }
}
