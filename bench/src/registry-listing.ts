import { randomBytes } from 'node:crypto'
import { type ConnectionQuery, createRedactedConnectionRecord, type StoredConnectionStatus } from '@rw/oauth-core'
import { RedisTokenStore } from '@rw/oauth-redis'
import { Redis } from 'ioredis'
import { ENCRYPTION_KEY, REDIS_URL, silentLogger } from './bench-setup'
import { median } from './statistics'

/** Connections written for the registry benchmark; `RW_BENCH_REGISTRY_CONNECTIONS` overrides it. */
const DEFAULT_CONNECTIONS = 100_000
const WRITERS = 64
const HOUR_MS = 3_600_000

export interface ListingResult {
  readonly label: string
  readonly pages: number
  readonly connections: number
  readonly medianPageMs: number
  readonly maxPageMs: number
  readonly totalMs: number
}

export interface RegistryBenchResult {
  readonly connections: number
  readonly writeMs: number
  readonly listings: readonly ListingResult[]
  readonly countMs: number
  readonly soonestMs: number
  readonly repairMs: number
  readonly bytesPerConnection: { readonly record: number; readonly index: number }
}

/**
 * Writes `connections` encrypted records (90 % active, 5 % each other status, expiries spread over the
 * next hour) through `RedisTokenStore.saveConnection` under a private prefix, lists them page by page
 * with several queries, counts and repairs them, sums `MEMORY USAGE` of the records and of the index,
 * and deletes everything it wrote.
 */
export async function measureRegistry(
  connections = Number(process.env.RW_BENCH_REGISTRY_CONNECTIONS ?? DEFAULT_CONNECTIONS),
): Promise<RegistryBenchResult> {
  const redis = new Redis(REDIS_URL)
  const prefix = `rwbench:registry:${randomBytes(6).toString('hex')}:`
  const store = new RedisTokenStore({
    redis,
    prefix,
    logger: silentLogger,
    recordCacheMaxBytes: 0,
    encryption: { keys: [{ id: 'bench', key: ENCRYPTION_KEY }] },
  })
  const now = Date.now()
  try {
    const writeStarted = performance.now()
    await writeConnections(store, connections, now)
    const writeMs = performance.now() - writeStarted
    const queries: [string, ConnectionQuery][] = [
      ['all, 100 per page', { limit: 100 }],
      ['all, 1000 per page', { limit: 1000 }],
      ['status reauthorization_required (5 %), 100 per page', { status: 'reauthorization_required', limit: 100 }],
      ['active and expiring within 5 min (≈ 7.5 %), 100 per page', { status: 'active', expiresBefore: now + 300_000 }],
    ]
    const listings: ListingResult[] = []
    for (const [label, query] of queries) listings.push(await measureListing(store, label, query))
    const countStarted = performance.now()
    await store.countConnections()
    const countMs = performance.now() - countStarted
    const soonestStarted = performance.now()
    await store.findSoonestExpiry()
    const soonestMs = performance.now() - soonestStarted
    const repairStarted = performance.now()
    await store.repairRegistry()
    const repairMs = performance.now() - repairStarted
    const bytes = await sumMemoryUsage(redis, prefix)
    return {
      connections,
      writeMs,
      listings,
      countMs,
      soonestMs,
      repairMs,
      bytesPerConnection: { record: bytes.record / connections, index: bytes.index / connections },
    }
  } finally {
    await deleteKeys(redis, prefix)
    await store.close()
    await redis.quit()
  }
}

async function writeConnections(store: RedisTokenStore, connections: number, now: number): Promise<void> {
  let next = 0
  const writer = async () => {
    for (let index = next++; index < connections; index = next++) {
      const status: StoredConnectionStatus =
        index % 20 === 0 ? 'reauthorization_required' : index % 20 === 1 ? 'refresh_outcome_unknown' : 'active'
      const record = createRedactedConnectionRecord({
        instanceKey: `station-${index}`,
        version: 1,
        status,
        accessToken: `rwat_${randomBytes(24).toString('base64url')}`,
        refreshToken: `rwrt_${randomBytes(24).toString('base64url')}`,
        tokenType: 'Bearer',
        scopes: ['basic', 'edit-logs'],
        expiresAt: now + ((index * 7919) % HOUR_MS),
        obtainedAt: now - 60_000,
        lastRefreshAt: null,
      })
      await store.saveConnection(record, { expectedVersion: null })
    }
  }
  await Promise.all(Array.from({ length: WRITERS }, writer))
}

async function measureListing(store: RedisTokenStore, label: string, query: ConnectionQuery): Promise<ListingResult> {
  const pageMs: number[] = []
  let listed = 0
  let cursor: string | null = null
  const started = performance.now()
  do {
    const pageStarted = performance.now()
    const page = await store.listConnections({ ...query, cursor })
    pageMs.push(performance.now() - pageStarted)
    listed += page.connections.length
    cursor = page.cursor
  } while (cursor !== null)
  return {
    label,
    pages: pageMs.length,
    connections: listed,
    medianPageMs: median(pageMs),
    maxPageMs: Math.max(...pageMs),
    totalMs: performance.now() - started,
  }
}

/** `MEMORY USAGE` (key, value and Redis's per-key overhead) summed over the records and over the index keys. */
async function sumMemoryUsage(redis: Redis, prefix: string): Promise<{ record: number; index: number }> {
  const sums = { record: 0, index: 0 }
  await scanPrefix(redis, prefix, async (keys) => {
    const pipeline = redis.pipeline()
    for (const key of keys) pipeline.memory('USAGE', key, 'SAMPLES', '0')
    const replies = (await pipeline.exec()) ?? []
    for (const [index, key] of keys.entries()) {
      const bytes = Number(replies[index]?.[1] ?? 0)
      if (key.endsWith(':connection')) sums.record += bytes
      else if (key.endsWith(':registry') || key.endsWith('registry:slots')) sums.index += bytes
    }
  })
  return sums
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  await scanPrefix(redis, prefix, async (keys) => void (await redis.unlink(...keys)))
}

async function scanPrefix(redis: Redis, prefix: string, handle: (keys: string[]) => Promise<void>): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 2000)
    if (keys.length > 0) await handle(keys)
    cursor = next
  } while (cursor !== '0')
}

/** Prints the registry section of `pnpm bench`. */
export function printRegistryResult(result: RegistryBenchResult): void {
  const format = (value: number) => Math.round(value).toLocaleString('en-US')
  console.log(
    `\nRegistry: ${format(result.connections)} encrypted connections on one Redis (written in ${(result.writeMs / 1000).toFixed(1)} s by ${WRITERS} concurrent saveConnection calls)`,
  )
  for (const listing of result.listings) {
    console.log(
      `  ${listing.label.padEnd(58)} ${format(listing.connections).padStart(7)} listed, ${format(listing.pages).padStart(5)} pages, ` +
        `per page median ${listing.medianPageMs.toFixed(2)} ms, max ${listing.maxPageMs.toFixed(1)} ms, total ${(listing.totalMs / 1000).toFixed(2)} s`,
    )
  }
  console.log(
    `  countConnections ${format(result.countMs)} ms; findSoonestExpiry ${format(result.soonestMs)} ms; repairRegistry (nothing to fix) ${(result.repairMs / 1000).toFixed(1)} s`,
  )
  console.log(
    `  MEMORY USAGE per connection: record ${format(result.bytesPerConnection.record)} B + index ${format(result.bytesPerConnection.index)} B ` +
      `(index = the per-slot shards and the slot directory)`,
  )
}
