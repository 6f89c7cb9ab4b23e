import {
  type ConnectionCounts,
  type ConnectionPage,
  type ConnectionQuery,
  type ConnectionSummary,
  createEmptyConnectionCounts,
  matchesConnectionQuery,
  type RadioWorkflowLogger,
  type ResolvedConnectionQuery,
  resolveConnectionQuery,
} from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import type { KeySchema } from './key-schema'
import type { RedisCommandRunner } from './redis-command-runner'
import { decodeRegistryCursor, encodeRegistryCursor, type RegistryPosition } from './registry-cursor'
import { decodeRegistryEntry } from './registry-entry-codec'
import type { RegistryScripts } from './registry-scripts'
import { readSetSlots } from './slot-directory'

/** Shards read at once, at first; doubled per round up to the maximum (most pages need only the first round). */
const FIRST_BATCH = 16
const MAX_BATCH = 256
/** A page reads at most this many shards, so one call's work stays bounded however selective the query. */
const MAX_SHARDS_PER_PAGE = 2048

export interface RegistryContext {
  readonly redis: Redis | Cluster
  readonly keys: KeySchema
  readonly runner: RedisCommandRunner
  readonly scripts: RegistryScripts
  readonly logger: RadioWorkflowLogger | undefined
}

/**
 * Lists and counts connections from the index shards (one hash per Redis Cluster slot, beside the
 * records of that slot). Shards are read in slot order and, within a shard, entries in instance-key
 * order; the cursor is the last (slot, instance key) returned. A shard is read with one HGETALL, so a
 * connection stored for the whole listing is in its shard when that shard is read: it is returned
 * exactly once.
 */
export async function listRegistryConnections(
  context: RegistryContext,
  query?: ConnectionQuery,
): Promise<ConnectionPage> {
  const resolved = resolveConnectionQuery(query)
  const start: RegistryPosition =
    resolved.cursor === null ? { slot: 0, after: null } : decodeRegistryCursor(resolved.cursor)
  const slots = await readUsedSlots(context, start.slot)
  const connections: ConnectionSummary[] = []
  let malformed = 0
  let offset = 0
  let batchSize = FIRST_BATCH
  while (offset < slots.length) {
    if (offset >= MAX_SHARDS_PER_PAGE) {
      reportMalformed(context, malformed)
      return { connections, cursor: encodeRegistryCursor({ slot: slots[offset]!, after: null }) }
    }
    const batch = slots.slice(offset, offset + batchSize)
    const shards = await Promise.all(batch.map((slot) => readShard(context, slot)))
    for (const [index, slot] of batch.entries()) {
      const shard = shards[index]!
      malformed += shard.malformed
      const after = slot === start.slot ? start.after : null
      const matching = selectEntries(shard.summaries, resolved, after)
      for (const [position, summary] of matching.entries()) {
        connections.push(summary)
        if (connections.length < resolved.limit) continue
        reportMalformed(context, malformed)
        const more = position < matching.length - 1 || offset + index < slots.length - 1
        return { connections, cursor: more ? encodeRegistryCursor({ slot, after: summary.instanceKey }) : null }
      }
    }
    offset += batch.length
    batchSize = Math.min(batchSize * 2, MAX_BATCH)
  }
  reportMalformed(context, malformed)
  return { connections, cursor: null }
}

/** Counts per status over every used shard (one small script per shard, run in batches). */
export async function countRegistryConnections(context: RegistryContext): Promise<ConnectionCounts> {
  const counts = createEmptyConnectionCounts()
  let malformed = 0
  const replies = await runOnUsedShards(context, 'counting connections', (shard) => context.scripts.countShard(shard))
  for (const [active, unknown, reauthorization, bad] of replies) {
    counts.active += active
    counts.refresh_outcome_unknown += unknown
    counts.reauthorization_required += reauthorization
    malformed += bad
  }
  reportMalformed(context, malformed)
  return counts
}

/**
 * The earliest expiry among active connections, or `null` when none is active: the minimum of each used
 * shard's minimum (one small script per shard, run in batches, like the count).
 */
export async function findRegistrySoonestExpiry(context: RegistryContext): Promise<number | null> {
  let soonest: number | null = null
  let malformed = 0
  const replies = await runOnUsedShards(context, 'finding the soonest expiry', (shard) =>
    context.scripts.findShardSoonestExpiry(shard),
  )
  for (const [text, bad] of replies) {
    malformed += bad
    const expiresAt = text === null ? null : Number(text)
    if (expiresAt !== null && (soonest === null || expiresAt < soonest)) soonest = expiresAt
  }
  reportMalformed(context, malformed)
  return soonest
}

/** One script's reply per used shard, in slot order; at most `MAX_BATCH` scripts in flight. */
async function runOnUsedShards<T>(
  context: RegistryContext,
  action: string,
  runOnShard: (shard: string) => Promise<T>,
): Promise<T[]> {
  const slots = await readUsedSlots(context, 0)
  const replies: T[] = []
  for (let offset = 0; offset < slots.length; offset += MAX_BATCH) {
    const batch = slots.slice(offset, offset + MAX_BATCH)
    replies.push(
      ...(await Promise.all(
        batch.map((slot) => context.runner.run(action, () => runOnShard(context.keys.createRegistryShardKey(slot)))),
      )),
    )
  }
  return replies
}

async function readUsedSlots(context: RegistryContext, fromSlot: number): Promise<number[]> {
  const directory = context.keys.registryDirectory
  const bitmap = await context.runner.run('reading the connection registry', () => context.redis.getBuffer(directory))
  return readSetSlots(bitmap, fromSlot)
}

async function readShard(
  context: RegistryContext,
  slot: number,
): Promise<{ summaries: ConnectionSummary[]; malformed: number }> {
  const shard = context.keys.createRegistryShardKey(slot)
  const entries = await context.runner.run('listing connections', () => context.redis.hgetall(shard))
  const summaries: ConnectionSummary[] = []
  let malformed = 0
  for (const [instanceKey, entry] of Object.entries(entries)) {
    const summary = decodeRegistryEntry(instanceKey, entry)
    if (summary === null) malformed++
    else summaries.push(summary)
  }
  return { summaries, malformed }
}

function selectEntries(
  summaries: readonly ConnectionSummary[],
  query: ResolvedConnectionQuery,
  after: string | null,
): ConnectionSummary[] {
  return summaries
    .filter((summary) => (after === null || summary.instanceKey > after) && matchesConnectionQuery(summary, query))
    .sort((left, right) => (left.instanceKey < right.instanceKey ? -1 : 1))
}

// A malformed entry is skipped, not thrown: one bad entry must not stop every listing (background refresh
// lists too). The warning names the fix.
function reportMalformed(context: RegistryContext, malformed: number): void {
  if (malformed === 0) return
  context.logger?.warn(
    `The connection registry holds ${malformed} malformed entr${malformed === 1 ? 'y' : 'ies'} (skipped): run store.repairRegistry().`,
    { malformed },
  )
}
