import { isRadioWorkflowError, type RadioWorkflowError, StoreError } from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import { DeadlineEntry, DeadlineSweeper } from './deadline-sweeper'

/** Statuses in which ioredis knows the server is gone: commands would only sit in its offline queue. */
const DOWN_STATUSES = new Set(['reconnecting', 'close', 'end', 'disconnecting'])
const REDIS_ERROR_CODE = /^[A-Z][A-Z_]{1,30}$/

/**
 * Runs one Redis command with the store's operational guarantees, whatever options the user's
 * client has: fail fast while ioredis is reconnecting, a deadline for everything else (a stalled
 * socket, an offline queue), and errors scrubbed into `StoreError`. ioredis errors carry the
 * command arguments (`err.command.args`), so they are never passed on, not even as `cause`.
 */
export class RedisCommandRunner {
  readonly #redis: Redis | Cluster
  readonly #timeoutMs: number
  readonly #deadlines: DeadlineSweeper

  constructor(redis: Redis | Cluster, timeoutMs: number) {
    this.#redis = redis
    this.#timeoutMs = timeoutMs
    this.#deadlines = new DeadlineSweeper(timeoutMs)
  }

  /** `onTimeout` runs when the deadline passed but the command may still execute later (e.g. to undo it). */
  run<T>(operation: string, command: () => Promise<T>, onTimeout?: () => void): Promise<T> {
    return this.runAndMap(operation, command, returnReply, onTimeout)
  }

  /**
   * `run`, then `map` the reply inside the same promise (the hot GET: one wrapper promise, no second
   * hop to decode). `map` may throw or return a promise; either settles the call.
   */
  runAndMap<R, T>(
    operation: string,
    command: () => Promise<R>,
    map: (reply: R) => T | Promise<T>,
    onTimeout?: () => void,
  ): Promise<T> {
    const status = this.#redis.status
    if (DOWN_STATUSES.has(status)) {
      return Promise.reject(unavailable(operation, `the connection is ${status}`))
    }
    const call = new PendingCall<T>(operation, this.#timeoutMs, onTimeout)
    this.#deadlines.add(call)
    let sent: Promise<R>
    try {
      sent = command()
    } catch (error) {
      sent = Promise.reject(error)
    }
    sent.then(
      (reply) => {
        if (!this.#deadlines.delete(call)) return
        try {
          call.resolve(map(reply))
        } catch (error) {
          call.reject(error)
        }
      },
      (error: unknown) => {
        if (this.#deadlines.delete(call)) call.reject(scrubError(operation, error))
      },
    )
    return call.promise
  }
}

function returnReply<T>(reply: T): T {
  return reply
}

/** A command in flight: settled by its reply or, if that comes too late, by the sweeper. */
class PendingCall<T> extends DeadlineEntry {
  readonly promise: Promise<T>
  readonly #operation: string
  readonly #timeoutMs: number
  readonly #onTimeout: (() => void) | undefined
  resolve!: (value: T | Promise<T>) => void
  reject!: (error: unknown) => void

  constructor(operation: string, timeoutMs: number, onTimeout: (() => void) | undefined) {
    super()
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    this.#operation = operation
    this.#timeoutMs = timeoutMs
    this.#onTimeout = onTimeout
  }

  expire(): void {
    this.reject(unavailable(this.#operation, `no answer within ${this.#timeoutMs} ms`))
    this.#onTimeout?.()
  }
}

function scrubError(operation: string, error: unknown): RadioWorkflowError {
  if (isRadioWorkflowError(error)) return error
  const code = describeError(error)
  if (code === 'WRONGTYPE') {
    return new StoreError('store_corrupted', `Redis ${operation} failed: a key of this store holds another data type.`)
  }
  return unavailable(operation, code === undefined ? 'the command failed' : `the command failed (${code})`)
}

/** Only fixed vocabulary leaves this function: an errno code, an error class name, or the Redis error prefix. */
function describeError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown }
  if (typeof code === 'string' && REDIS_ERROR_CODE.test(code)) return code
  if (name === 'ReplyError' && typeof message === 'string') {
    const prefix = message.split(' ', 1)[0] ?? ''
    return REDIS_ERROR_CODE.test(prefix) ? prefix : 'ReplyError'
  }
  return typeof name === 'string' && /^[A-Za-z]{1,40}$/.test(name) ? name : undefined
}

function unavailable(operation: string, reason: string): StoreError {
  return new StoreError(
    'store_unavailable',
    `Redis is unavailable for ${operation}: ${reason}. Check that Redis is running and reachable; calls recover by themselves when it is back.`,
  )
}
