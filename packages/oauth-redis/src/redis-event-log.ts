import type { DurableEvent } from '@rw/oauth-client'
import { ConfigurationError } from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import type { RedisCommandRunner } from './redis-command-runner'
import { encodeStreamEvent } from './stream-event-codec'

/**
 * `events` option of `RedisTokenStore`: the deployment-wide event log (a Redis Stream).
 *
 * @example
 * ```ts
 * new RedisTokenStore({ redis, events: { maxLength: 50_000 } }) // or events: false to append nothing
 * ```
 */
export interface RedisEventLogOptions {
  /** Entries kept (approximately: `XADD MAXLEN ~`, trimmed in whole nodes). Default 10 000. */
  readonly maxLength?: number
}

export const DEFAULT_EVENT_LOG_LENGTH = 10_000

/** Appends lifecycle events to one bounded stream. */
export class RedisEventLog {
  readonly #redis: Redis | Cluster
  readonly #runner: RedisCommandRunner
  readonly #stream: string
  readonly #maxLength: number

  constructor(redis: Redis | Cluster, runner: RedisCommandRunner, stream: string, options: RedisEventLogOptions) {
    const { maxLength = DEFAULT_EVENT_LOG_LENGTH } = options
    if (!Number.isSafeInteger(maxLength) || maxLength < 1) {
      throw new ConfigurationError('events.maxLength', 'events.maxLength must be a whole number ≥ 1.')
    }
    this.#redis = redis
    this.#runner = runner
    this.#stream = stream
    this.#maxLength = maxLength
  }

  async append(event: DurableEvent): Promise<void> {
    await this.#runner.run('appending an event', () =>
      this.#redis.xadd(this.#stream, 'MAXLEN', '~', this.#maxLength, '*', ...encodeStreamEvent(event)),
    )
  }
}
