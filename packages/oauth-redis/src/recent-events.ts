import type { Cluster, Redis } from 'ioredis'
import { createEventStreamKeys } from './event-stream-keys'
import { type ConsumedEvent, decodeStreamEvent } from './stream-event-codec'

/**
 * The newest `limit` events of the deployment's stream, newest first (what `rw-oauth events tail` shows).
 * Reading does not consume: consumer groups are unaffected. `deliveries` is 0 here.
 *
 * @example
 * ```ts
 * for (const event of await readRecentEvents({ redis, limit: 20 })) console.log(event.type, event.data.instanceKey)
 * ```
 */
export async function readRecentEvents({
  redis,
  prefix = 'rw:oauth:',
  limit = 100,
}: {
  readonly redis: Redis | Cluster
  readonly prefix?: string
  readonly limit?: number
}): Promise<ConsumedEvent[]> {
  const entries = await redis.xrevrange(createEventStreamKeys(prefix).stream, '+', '-', 'COUNT', limit)
  return entries
    .map(([id, fields]) => decodeStreamEvent(id, fields, 0))
    .filter((event): event is ConsumedEvent => event !== null)
}
