import type { RadioWorkflowLogger } from '@rw/oauth-core'
import { type LockLease, UsageError } from '@rw/oauth-core'
import type { InstanceKeys } from './key-schema'
import type { RedisCommandRunner } from './redis-command-runner'
import type { StoreScripts } from './store-scripts'

/** What a lease needs to talk to Redis; shared by all leases of one store. */
export interface LeaseContext {
  readonly scripts: StoreScripts
  readonly runner: RedisCommandRunner
  readonly logger: RadioWorkflowLogger | undefined
}

/**
 * A held refresh lock. The owner token and the deletion generation seen when the lock was taken
 * live in private fields: they never show in `util.inspect`, `JSON.stringify` or logs.
 */
export class RedisLockLease implements LockLease {
  readonly instanceKey: string
  readonly #owner: string
  readonly #generation: string
  readonly #keys: InstanceKeys
  readonly #context: LeaseContext

  constructor(instanceKey: string, owner: string, generation: string, keys: InstanceKeys, context: LeaseContext) {
    this.instanceKey = instanceKey
    this.#owner = owner
    this.#generation = generation
    this.#keys = keys
    this.#context = context
  }

  get owner(): string {
    return this.#owner
  }

  /** The lease's owner and generation, or a UsageError for a lease from another store or instance. */
  static readLease(lease: LockLease, instanceKey: string): { owner: string; generation: string } {
    if (!(lease instanceof RedisLockLease) || lease.instanceKey !== instanceKey) {
      throw new UsageError('The lease passed to saveConnection was not taken from this store for this instance.')
    }
    return { owner: lease.#owner, generation: lease.#generation }
  }

  async extend(leaseMs: number): Promise<boolean> {
    validateLeaseMs(leaseMs)
    const { runner, scripts } = this.#context
    const extended = await runner.run('extending the refresh lock', () =>
      scripts.extendLock(this.#keys.lock, this.#owner, leaseMs),
    )
    return extended === 1
  }

  /**
   * Never throws: a lost lease needs no release, and when Redis is unreachable the lock expires
   * by itself at the end of the lease (waiters then re-read), so a refresh that succeeded is not
   * turned into an error.
   */
  async release(): Promise<void> {
    const { runner, scripts, logger } = this.#context
    try {
      await runner.run('releasing the refresh lock', () =>
        scripts.releaseLock(this.#keys.lock, this.#owner, this.#keys.channel),
      )
    } catch (error) {
      logger?.warn('Could not release the refresh lock; it expires at the end of its lease.', {
        instanceKey: this.instanceKey,
        code: (error as { code?: unknown }).code,
      })
    }
  }

  toJSON(): { instanceKey: string } {
    return { instanceKey: this.instanceKey }
  }
}

/** Leases are whole milliseconds; Redis rejects anything else in PX/PEXPIRE. */
export function validateLeaseMs(leaseMs: number): void {
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) {
    throw new UsageError(`leaseMs must be a positive whole number of milliseconds (got ${String(leaseMs)}).`)
  }
}
