import type { Cluster, Redis } from 'ioredis'
import { createEventStreamKeys } from './event-stream-keys'
import type { ConsumedEvent } from './stream-event-codec'

/**
 * An event a consumer group gave up on: the event, why (an error code or HTTP status, never a body), and when.
 *
 * @example
 * ```ts
 * for (const letter of await readDeadLetters({ redis, group: 'webhook' })) console.log(letter.event.id, letter.reason)
 * ```
 */
export interface DeadLetter {
  readonly event: ConsumedEvent
  readonly reason: string
  /** Epoch milliseconds. */
  readonly failedAt: number
}

const DEFAULT_DEAD_LETTER_LENGTH = 10_000

/** Pushes onto the group's dead-letter list (newest first), keeping at most `maxLength` entries. */
export async function pushDeadLetter(
  redis: Redis | Cluster,
  key: string,
  letter: DeadLetter,
  maxLength = DEFAULT_DEAD_LETTER_LENGTH,
): Promise<void> {
  await redis.lpush(key, JSON.stringify(letter))
  await redis.ltrim(key, 0, maxLength - 1)
}

/**
 * The newest `limit` dead letters of a consumer group (the webhook consumer's group is `webhook` by default).
 *
 * @example
 * ```ts
 * const letters = await readDeadLetters({ redis, prefix: 'rw:oauth:', group: 'webhook', limit: 20 })
 * ```
 */
export async function readDeadLetters({
  redis,
  prefix = 'rw:oauth:',
  group,
  limit = 100,
}: {
  readonly redis: Redis | Cluster
  readonly prefix?: string
  readonly group: string
  readonly limit?: number
}): Promise<DeadLetter[]> {
  const entries = await redis.lrange(createEventStreamKeys(prefix).deadLetters(group), 0, limit - 1)
  return entries.map((entry) => JSON.parse(entry) as DeadLetter)
}
