import type { RadioWorkflowLogger } from '@rw/oauth-client'
import { ConfigurationError } from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import { pushDeadLetter } from './dead-letter-list'
import { duplicateConnection } from './duplicate-connection'
import { createEventStreamKeys, type EventStreamKeys } from './event-stream-keys'
import { type ConsumedEvent, decodeStreamEvent } from './stream-event-codec'

/**
 * Options of {@link createEventConsumer}.
 *
 * @example
 * ```ts
 * createEventConsumer({ redis, group: 'alerts', consumer: hostname(), handler: async (event) => alert(event) })
 * ```
 */
export interface EventConsumerOptions {
  /** An ioredis client; the consumer reads on its own duplicate connection (blocking reads) and closes it on `stop()`. */
  readonly redis: Redis | Cluster
  /** The apps' `RedisTokenStore` prefix. Default `rw:oauth:`. */
  readonly prefix?: string
  /** Consumer group: each event is handled by one consumer of the group (at least once). */
  readonly group: string
  /** This consumer's name, unique in the group and stable across restarts (e.g. the host name). */
  readonly consumer: string
  /** Handles one event; resolve to acknowledge it, throw to have it delivered again (after `claimIdleMs`). */
  readonly handler: (event: ConsumedEvent) => Promise<void>
  /** Where a new group starts: `'new'` events only (default) or the `'earliest'` one the bounded stream still holds. */
  readonly startFrom?: 'new' | 'earliest'
  /** An event unacknowledged this long (its consumer crashed or failed) is claimed again. Default 60 000 ms. */
  readonly claimIdleMs?: number
  /** After this many failed deliveries the event goes to the group's dead-letter list. Default 5. */
  readonly maxDeliveries?: number
  /** Entries read per call. Default 10. */
  readonly batchSize?: number
  /** Longest wait of one blocking read (also how often pending events are checked). Default 2000 ms. */
  readonly blockMs?: number
  /** Receives read errors and dead-lettering. Never receives tokens (events carry none). */
  readonly logger?: RadioWorkflowLogger
}

/**
 * A running consumer ({@link createEventConsumer}).
 *
 * @example
 * ```ts
 * process.once('SIGTERM', () => consumer.stop())
 * ```
 */
export interface EventConsumer {
  /** Resolves once the group exists (created if missing; retried while Redis is unreachable). */
  readonly ready: Promise<void>
  /** Stops reading, lets the event being handled finish, and closes the consumer's connection. */
  stop(): Promise<void>
}

type StreamEntry = [id: string, fields: string[] | null]
const RETRY_AFTER_ERROR_MS = 1000

/**
 * Consumes the deployment's event stream (what every `RedisTokenStore` appends) in a consumer group:
 * XREADGROUP for new events, XACK after the handler resolves, XAUTOCLAIM for events a crashed or failing
 * consumer left pending, and a dead-letter list after `maxDeliveries`. Delivery is at least once: a
 * handler should be idempotent (deduplicate on `event.id`).
 *
 * @see https://redis.io/docs/latest/develop/data-types/streams/#consumer-groups
 * @example
 * ```ts
 * const consumer = createEventConsumer({
 *   redis, group: 'support-alerts', consumer: os.hostname(),
 *   handler: async (event) => {
 *     if (event.type === 'reauthorization_required') await emailCustomer(event.data.instanceKey)
 *   },
 * })
 * ```
 */
export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const settings = validateOptions(options)
  const keys = createEventStreamKeys(options.prefix ?? 'rw:oauth:')
  const connection = duplicateConnection(options.redis)
  // A blocking XREADGROUP holds its connection; stop() disconnects it to end the wait.
  connection.on('error', () => {})
  return new StreamConsumer(connection, keys, options, settings).start()
}

interface ConsumerSettings {
  readonly claimIdleMs: number
  readonly maxDeliveries: number
  readonly batchSize: number
  readonly blockMs: number
}

class StreamConsumer {
  readonly #redis: Redis | Cluster
  readonly #keys: EventStreamKeys
  readonly #options: EventConsumerOptions
  readonly #settings: ConsumerSettings
  #stopped = false
  #blocked = false
  #claimCursor = '0-0'
  #wake: (() => void) | undefined

  constructor(
    redis: Redis | Cluster,
    keys: EventStreamKeys,
    options: EventConsumerOptions,
    settings: ConsumerSettings,
  ) {
    this.#redis = redis
    this.#keys = keys
    this.#options = options
    this.#settings = settings
  }

  start(): EventConsumer {
    let markReady!: () => void
    const ready = new Promise<void>((resolve) => {
      markReady = resolve
    })
    const loop = this.#run(markReady)
    return {
      ready,
      stop: async () => {
        this.#stopped = true
        this.#wake?.()
        if (this.#blocked) this.#redis.disconnect()
        await loop
        if (this.#redis.status !== 'end') await this.#redis.quit().catch(() => {})
      },
    }
  }

  async #createGroup(): Promise<void> {
    const start = this.#options.startFrom === 'earliest' ? '0' : '$'
    try {
      await this.#redis.xgroup('CREATE', this.#keys.stream, this.#options.group, start, 'MKSTREAM')
    } catch (error) {
      if (!String((error as Error).message).startsWith('BUSYGROUP')) throw error
    }
  }

  // Started while Redis is down, it keeps trying (and `ready` waits) until the group exists.
  async #run(markReady: () => void): Promise<void> {
    let grouped = false
    while (!this.#stopped) {
      try {
        if (!grouped) {
          await this.#createGroup()
          grouped = true
          markReady()
        }
        await this.#handleClaimed()
        if (!this.#stopped) await this.#handleNew()
      } catch (error) {
        if (this.#stopped) return
        // The stream or the group was deleted (by hand, or a failover that lost it): create it again.
        if (String((error as Error)?.message).startsWith('NOGROUP')) grouped = false
        this.#options.logger?.warn('The event consumer could not read the event stream; retrying.', {
          group: this.#options.group,
          error: error instanceof Error ? error.name : typeof error,
        })
        await this.#pause(RETRY_AFTER_ERROR_MS)
      }
    }
  }

  async #handleClaimed(): Promise<void> {
    const { group, consumer } = this.#options
    const [next, entries] = (await this.#redis.xautoclaim(
      this.#keys.stream,
      group,
      consumer,
      this.#settings.claimIdleMs,
      this.#claimCursor,
      'COUNT',
      this.#settings.batchSize,
    )) as [string, StreamEntry[]]
    this.#claimCursor = next
    for (const [id, fields] of entries) {
      if (this.#stopped) return
      await this.#handle(id, fields, await this.#countDeliveries(id))
    }
  }

  async #handleNew(): Promise<void> {
    const { group, consumer } = this.#options
    this.#blocked = true
    let reply: [string, StreamEntry[]][] | null
    try {
      reply = (await this.#redis.xreadgroup(
        'GROUP',
        group,
        consumer,
        'COUNT',
        this.#settings.batchSize,
        'BLOCK',
        this.#settings.blockMs,
        'STREAMS',
        this.#keys.stream,
        '>',
      )) as [string, StreamEntry[]][] | null
    } finally {
      this.#blocked = false
    }
    for (const [id, fields] of reply?.[0]?.[1] ?? []) {
      await this.#handle(id, fields, 1)
    }
  }

  async #countDeliveries(id: string): Promise<number> {
    const pending = (await this.#redis.xpending(this.#keys.stream, this.#options.group, id, id, 1)) as [
      string,
      string,
      number,
      number,
    ][]
    return pending[0]?.[3] ?? 1
  }

  async #handle(id: string, fields: string[] | null, deliveries: number): Promise<void> {
    const event = decodeStreamEvent(id, fields, deliveries)
    // An entry this SDK did not write (or trimmed away) has nothing to deliver.
    if (event !== null) {
      try {
        await this.#options.handler(event)
      } catch (error) {
        if (deliveries < this.#settings.maxDeliveries) return
        const reason = describeFailure(error)
        await pushDeadLetter(this.#redis, this.#keys.deadLetters(this.#options.group), {
          event,
          reason,
          failedAt: Date.now(),
        })
        this.#options.logger?.warn(`An event went to the dead-letter list after ${deliveries} deliveries.`, {
          group: this.#options.group,
          type: event.type,
          reason,
        })
      }
    }
    await this.#redis.xack(this.#keys.stream, this.#options.group, id)
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.#wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
}

function describeFailure(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error
  const { code, name } = error as { code?: unknown; name?: unknown }
  if (typeof code === 'string') return code
  return typeof name === 'string' ? name : 'Error'
}

function validateOptions(options: EventConsumerOptions): ConsumerSettings {
  const { group, consumer, handler, claimIdleMs = 60_000, maxDeliveries = 5, batchSize = 10, blockMs = 2000 } = options
  if (typeof options.redis?.duplicate !== 'function') {
    throw new ConfigurationError(
      'redis',
      'redis must be an ioredis client (new Redis(url) or new Redis.Cluster(nodes)).',
    )
  }
  for (const [field, value] of [
    ['group', group],
    ['consumer', consumer],
  ] as const) {
    if (typeof value !== 'string' || value === '')
      throw new ConfigurationError(field, `${field} must be a non-empty string.`)
  }
  if (typeof handler !== 'function')
    throw new ConfigurationError('handler', 'handler must be an async function (event) => void.')
  for (const [field, value] of [
    ['claimIdleMs', claimIdleMs],
    ['maxDeliveries', maxDeliveries],
    ['batchSize', batchSize],
    ['blockMs', blockMs],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new ConfigurationError(field, `${field} must be a whole number ≥ 1.`)
  }
  return { claimIdleMs, maxDeliveries, batchSize, blockMs }
}
