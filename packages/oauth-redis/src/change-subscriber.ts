import type { RadioWorkflowLogger } from '@rw/oauth-client'
import { UsageError } from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'

type Wake = () => void

/**
 * Wakes waiters when another process publishes on an instance's channel. One subscriber
 * connection per store (`redis.duplicate()`, opened on first use); a channel is subscribed while
 * at least one waiter waits on it. A message published before the subscription is active is
 * missed, so after subscribing the caller's `isStillBlocked` check runs, and every wait is bounded.
 */
export class ChangeSubscriber {
  readonly #redis: Redis | Cluster
  readonly #logger: RadioWorkflowLogger | undefined
  #subscriber: Redis | Cluster | undefined
  #closed = false
  readonly #waiters = new Map<string, Set<Wake>>()
  readonly #subscriptions = new Map<string, Promise<unknown>>()

  constructor(redis: Redis | Cluster, logger: RadioWorkflowLogger | undefined) {
    this.#redis = redis
    this.#logger = logger
  }

  /** Resolves on a message on `channel`, when `isStillBlocked` says false after subscribing, or after `timeoutMs`. */
  waitForMessage(
    channel: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    isStillBlocked: () => Promise<boolean>,
  ): Promise<void> {
    if (this.#closed) return Promise.reject(new UsageError('This RedisTokenStore was closed.'))
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
      return Promise.reject(new UsageError(`timeoutMs must be a number ≥ 0 (got ${String(timeoutMs)}).`))
    }
    signal?.throwIfAborted()
    return new Promise<void>((resolve, reject) => {
      let done = false
      const finish = (error?: unknown) => {
        if (done) return
        done = true
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        this.#removeWaiter(channel, wake)
        if (error === undefined) resolve()
        else reject(error)
      }
      const wake: Wake = () => finish()
      const onAbort = () => finish(signal?.reason)
      const timer = setTimeout(wake, timeoutMs)
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#addWaiter(channel, wake).then(
        async () => {
          if (done) return
          // Resolving on a failed check is safe: the caller re-reads and sees the real error.
          const blocked = await isStillBlocked().catch(() => false)
          if (!blocked) wake()
        },
        // Without a subscription the bounded timeout is the wake-up.
        () => {},
      )
    })
  }

  async close(): Promise<void> {
    this.#closed = true
    for (const wakes of this.#waiters.values()) for (const wake of wakes) wake()
    const subscriber = this.#subscriber
    this.#subscriber = undefined
    if (subscriber !== undefined) {
      await subscriber.quit().catch(() => subscriber.disconnect())
    }
  }

  #addWaiter(channel: string, wake: Wake): Promise<unknown> {
    let wakes = this.#waiters.get(channel)
    if (wakes === undefined) {
      wakes = new Set()
      this.#waiters.set(channel, wakes)
    }
    wakes.add(wake)
    let subscription = this.#subscriptions.get(channel)
    if (subscription === undefined) {
      subscription = this.#openSubscriber().subscribe(channel)
      subscription.catch((error: unknown) => this.#logFailure('subscribe', error))
      this.#subscriptions.set(channel, subscription)
    }
    return subscription
  }

  #removeWaiter(channel: string, wake: Wake): void {
    const wakes = this.#waiters.get(channel)
    if (wakes === undefined) return
    wakes.delete(wake)
    if (wakes.size > 0) return
    this.#waiters.delete(channel)
    this.#subscriptions.delete(channel)
    this.#subscriber?.unsubscribe(channel).catch((error: unknown) => this.#logFailure('unsubscribe', error))
  }

  #openSubscriber(): Redis | Cluster {
    if (this.#subscriber !== undefined) return this.#subscriber
    const subscriber = this.#redis.duplicate()
    // ioredis prints unhandled 'error' events; connection trouble is reported through store calls instead.
    subscriber.on('error', (error: unknown) => this.#logFailure('connection', error))
    subscriber.on('message', (channel: string) => {
      const wakes = this.#waiters.get(channel)
      if (wakes !== undefined) for (const wake of [...wakes]) wake()
    })
    this.#subscriber = subscriber
    return subscriber
  }

  #logFailure(what: string, error: unknown): void {
    const code = (error as { code?: unknown })?.code
    this.#logger?.debug(`Refresh wake-up subscriber ${what} failed; waiters fall back to their bounded wait.`, {
      code: typeof code === 'string' ? code : undefined,
    })
  }
}
