import type { RadioWorkflowLogger } from '@rw/oauth-client'
import type { StoreChange } from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import { duplicateConnection } from './duplicate-connection'
import type { KeySchema } from './key-schema'

type ChangeListener = (change: StoreChange) => void

/**
 * The store's change feed (`subscribeToChanges`): one `PSUBSCRIBE` to every instance's change channel
 * on its own connection, opened with the first listener and closed with the last.
 *
 * Why a pattern over the existing per-instance channels rather than one shared channel: the write
 * scripts already publish on the instance's channel, so no write gets slower or publishes twice; and on a
 * Cluster, classic `PUBLISH` reaches every node, so one pattern subscription on any node sees the changes
 * of every slot (sharded pub/sub has no patterns and would need a subscription per shard).
 *
 * `live` is reported once Redis confirmed the subscription, `lost` as soon as the connection closes (or,
 * on a Cluster, a node leaves: ioredis may move the subscription to another node, and messages sent
 * meanwhile are gone). After a loss ioredis reconnects by itself; the feed subscribes again and reports
 * `live` only once Redis confirmed it.
 */
export class RedisChangeFeed {
  readonly #redis: Redis | Cluster
  readonly #keys: KeySchema
  readonly #logger: RadioWorkflowLogger | undefined
  readonly #listeners = new Set<ChangeListener>()
  #subscriber: Redis | Cluster | undefined
  #live = false
  // Bumped on every loss, so a subscription confirmed for an older connection is not taken as live.
  #connectionGeneration = 0

  constructor(redis: Redis | Cluster, keys: KeySchema, logger: RadioWorkflowLogger | undefined) {
    this.#redis = redis
    this.#keys = keys
    this.#logger = logger
  }

  subscribe(listener: ChangeListener): () => void {
    const subscribed: ChangeListener = (change) => listener(change)
    this.#listeners.add(subscribed)
    if (this.#subscriber === undefined) this.#open()
    else if (this.#live) subscribed({ type: 'live' })
    return () => {
      if (!this.#listeners.delete(subscribed) || this.#listeners.size > 0) return
      void this.close()
    }
  }

  /** Reports a change this process made, before its write's promise settles (its message comes later). */
  announce(instanceKey: string): void {
    this.#emit({ type: 'changed', instanceKey })
  }

  async close(): Promise<void> {
    const subscriber = this.#subscriber
    this.#subscriber = undefined
    this.#lose()
    if (subscriber !== undefined) await subscriber.quit().catch(() => subscriber.disconnect())
  }

  #open(): void {
    const subscriber = duplicateConnection(this.#redis)
    this.#subscriber = subscriber
    subscriber.on('error', (error: unknown) => this.#logFailure('connection', error))
    subscriber.on('close', () => this.#lose())
    subscriber.on('-node', () => {
      this.#lose()
      this.#subscribe(subscriber)
    })
    // Also after every reconnection: ioredis resubscribes by itself, this confirms it before `live`.
    subscriber.on('ready', () => this.#subscribe(subscriber))
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
      if (message === 'released') return
      const instanceKey = this.#keys.readInstanceKeyOfChannel(channel)
      if (instanceKey !== undefined) this.announce(instanceKey)
    })
  }

  #subscribe(subscriber: Redis | Cluster): void {
    const generation = this.#connectionGeneration
    subscriber.psubscribe(this.#keys.changeChannelPattern).then(
      () => {
        if (subscriber !== this.#subscriber || generation !== this.#connectionGeneration || this.#live) return
        this.#live = true
        this.#emit({ type: 'live' })
      },
      (error: unknown) => this.#logFailure('subscribe', error),
    )
  }

  #lose(): void {
    this.#connectionGeneration++
    if (!this.#live) return
    this.#live = false
    this.#emit({ type: 'lost' })
  }

  #emit(change: StoreChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change)
      } catch (error) {
        this.#logger?.error('A change-feed listener threw; the feed carries on.', {
          name: (error as Error)?.name,
        })
      }
    }
  }

  #logFailure(what: string, error: unknown): void {
    const code = (error as { code?: unknown })?.code
    this.#logger?.debug(`Change feed ${what} failed; in-process caches stop serving until it is back.`, {
      code: typeof code === 'string' ? code : undefined,
    })
  }
}
