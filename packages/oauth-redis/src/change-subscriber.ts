import type { RadioWorkflowLogger } from '@rw/oauth-core'
import { UsageError } from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import { duplicateConnection } from './duplicate-connection'

type Wake = () => void

/**
 * Wakes waiters when another process publishes on an instance's channel. One subscriber
 * connection per store (`redis.duplicate()`, opened with the store); a channel is subscribed while
 * at least one waiter waits on it.
 *
 * Pub/sub does not replay: a release published before the subscription is active is missed, and a
 * holder that dies publishes nothing (its lock just expires). So once subscribed, the waiter asks
 * how long the lock has left and never waits past that (plus a little slack), and when no lock is
 * held at all (it may have been released a moment ago) it waits at most `AMBIGUOUS_WAIT_MS` before
 * the caller re-reads. Each wait is a bounded slice, not a poll loop.
 */
const AMBIGUOUS_WAIT_MS = 250
const EXPIRY_SLACK_MS = 20

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
    // Opened now so the first waiter does not pay for connecting.
    this.#openSubscriber()
  }

  /**
   * Resolves on a message on `channel` or after `timeoutMs`, sooner when `readLockRemainingMs`
   * (`null`: no lock held) says the wait cannot be woken by a message.
   */
  waitForMessage(
    channel: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    readLockRemainingMs: () => Promise<number | null>,
  ): Promise<void> {
    if (this.#closed) return Promise.reject(new UsageError('This RedisTokenStore was closed.'))
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
      return Promise.reject(new UsageError(`timeoutMs must be a number ≥ 0 (got ${String(timeoutMs)}).`))
    }
    signal?.throwIfAborted()
    return new Promise<void>((resolve, reject) => {
      const deadline = performance.now() + timeoutMs
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
      let timer = setTimeout(wake, timeoutMs)
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#addWaiter(channel, wake).then(
        async () => {
          if (done) return
          // Resolving on a failed check is safe: the caller re-reads and sees the real error.
          const remaining = await readLockRemainingMs().catch(() => 0)
          if (done) return
          const cap = remaining === null ? AMBIGUOUS_WAIT_MS : remaining + EXPIRY_SLACK_MS
          const waitMs = Math.min(deadline - performance.now(), cap)
          clearTimeout(timer)
          timer = setTimeout(wake, Math.max(0, waitMs))
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
      subscription = this.#subscribeWhenReady(channel)
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

  /**
   * SUBSCRIBE only once the connection is ready: ioredis checks a Sentinel-resolved connection's role
   * (INFO) while connecting, and a SUBSCRIBE queued ahead of that check puts the connection into
   * subscriber mode, so the check fails and the subscription is lost.
   */
  #subscribeWhenReady(channel: string): Promise<unknown> {
    const subscriber = this.#openSubscriber()
    if (subscriber.status === 'ready') return subscriber.subscribe(channel)
    return new Promise<void>((resolve) => subscriber.once('ready', () => resolve())).then(() =>
      subscriber.subscribe(channel),
    )
  }

  #openSubscriber(): Redis | Cluster {
    if (this.#subscriber !== undefined) return this.#subscriber
    const subscriber = duplicateConnection(this.#redis)
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
