import {
  type ChangeFeed,
  type ConnectionRecord,
  type LockLease,
  type PendingAuthorization,
  type RefreshLock,
  type SaveOutcome,
  type StoreChange,
  StoreError,
  type TokenStore,
  UsageError,
} from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import { ChangeSubscriber } from './change-subscriber'
import { ConnectionRecordCodec } from './connection-record-codec'
import { checkEvictionPolicy, type EvictionPolicyReport } from './eviction-policy'
import { InstanceState, InstanceStates } from './instance-states'
import { KeySchema } from './key-schema'
import { PendingAuthorizationCodec } from './pending-authorization-codec'
import { ReadCoalescer } from './read-coalescer'
import { createRecordSealer } from './record-sealer'
import { RedisChangeFeed } from './redis-change-feed'
import { RedisCommandRunner } from './redis-command-runner'
import { type LeaseContext, RedisLockLease, validateLeaseMs } from './redis-lock-lease'
import {
  type RedisTokenStoreOptions,
  type ResolvedStoreOptions,
  resolveStoreOptions,
} from './redis-token-store-options'
import type { CacheStatistics } from './s3-fifo-cache'
import { defineStoreScripts, type StoreScripts } from './store-scripts'

/**
 * Token store and distributed refresh lock on Redis (standalone, Sentinel or Cluster through
 * ioredis), with AES-256-GCM encryption at rest. Pass it as `store` to `createRadioWorkflow` in
 * every process: they then refresh each instance exactly once between them.
 *
 * Construction never waits for the network (and so never fails because Redis is down); it opens one
 * extra pub/sub connection in the background (`close()` closes it). Calls made while Redis is unreachable fail fast with `StoreError('store_unavailable')` and work again once
 * it is back. See the package README for the key layout and the lock protocol.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6 (refreshing an access token)
 * @example
 * ```ts
 * const store = new RedisTokenStore({
 *   redis: new Redis(process.env.REDIS_URL),
 *   encryption: { keys: [{ id: 'k1', key: process.env.RW_TOKEN_KEY }] },
 * })
 * const rw = createRadioWorkflow({ ...config, store })
 * ```
 */
export class RedisTokenStore implements TokenStore, RefreshLock, ChangeFeed {
  readonly #options: ResolvedStoreOptions
  readonly #redis: Redis | Cluster
  readonly #keys: KeySchema
  readonly #runner: RedisCommandRunner
  readonly #scripts: StoreScripts
  readonly #connections: ConnectionRecordCodec
  readonly #pendings: PendingAuthorizationCodec
  readonly #subscriber: ChangeSubscriber
  readonly #changeFeed: RedisChangeFeed
  readonly #leaseContext: LeaseContext
  readonly #states: InstanceStates
  readonly #reads = new ReadCoalescer<ConnectionRecord | null>()
  readonly #readConnection = (state: InstanceState) => this.#readConnectionNow(state)

  constructor(options: RedisTokenStoreOptions) {
    this.#options = resolveStoreOptions(options)
    const { redis, prefix, encryption, commandTimeoutMs, logger, recordCacheMaxBytes } = this.#options
    const sealer = createRecordSealer(encryption)
    this.#redis = redis
    this.#keys = new KeySchema(prefix)
    this.#runner = new RedisCommandRunner(redis, commandTimeoutMs)
    this.#scripts = defineStoreScripts(redis)
    this.#connections = new ConnectionRecordCodec(sealer)
    this.#states = new InstanceStates(this.#keys, recordCacheMaxBytes)
    this.#pendings = new PendingAuthorizationCodec(sealer)
    this.#subscriber = new ChangeSubscriber(redis, logger)
    this.#changeFeed = new RedisChangeFeed(redis, this.#keys, logger)
    this.#leaseContext = { scripts: this.#scripts, runner: this.#runner, logger }
    if (!sealer.encrypted) {
      logger?.warn('RedisTokenStore stores tokens unencrypted: configure `encryption.keys` (see the README).')
    }
    if (logger !== undefined) this.#reportEvictionPolicyWhenReady()
  }

  /**
   * Hits, misses and estimated bytes of the decoded-record cache (`undefined` when `recordCacheMaxBytes`
   * is 0). A miss decrypts and parses the stored record.
   *
   * @example
   * ```ts
   * const { hits, misses } = store.recordCacheStatistics ?? { hits: 0, misses: 0 }
   * console.log(`record cache hit rate ${(hits / (hits + misses)).toFixed(3)}`)
   * ```
   */
  get recordCacheStatistics(): CacheStatistics | undefined {
    return this.#states.statistics
  }

  /** Every key and channel of this store starts with this. */
  get keyPrefix(): string {
    return this.#keys.keyPrefix
  }

  // The hot path of `getAccessToken`: one lookup of the instance's state, and the GET is written before
  // this returns (no await before it); an unchanged stored value is answered from the state's decoded record.
  getConnection(instanceKey: string): Promise<ConnectionRecord | null> {
    let state: InstanceState
    try {
      state = this.#states.stateOf(instanceKey)
    } catch (error) {
      return Promise.reject(error)
    }
    return this.#reads.read(state, this.#readConnection)
  }

  async saveConnection(
    record: ConnectionRecord,
    options: { readonly expectedVersion: number | null; readonly lease?: LockLease },
  ): Promise<SaveOutcome> {
    const expectedVersion = validateExpectedVersion(options?.expectedVersion, true)
    if (record?.version !== (expectedVersion ?? 0) + 1) {
      throw new UsageError('record.version must be expectedVersion + 1 (1 for a new record).')
    }
    const state = this.#states.stateOf(record.instanceKey)
    const { keys } = state
    const lease = options.lease === undefined ? undefined : RedisLockLease.readLease(options.lease, record.instanceKey)
    const { stored: value, decoded } = await this.#connections.encode(record, keys)
    const result = await this.#runner.run('saving a connection', () =>
      this.#scripts.saveConnection(keys, {
        expectedVersion: expectedVersion === null ? '' : String(expectedVersion),
        value,
        owner: lease?.owner ?? '',
        generation: lease?.generation ?? '',
        channel: keys.channel,
      }),
    )
    if (result === 'saved') {
      this.#states.remember(state, value, decoded)
      this.#changeFeed.announce(record.instanceKey)
      return { saved: true }
    }
    if (result === 'corrupted') {
      throw new StoreError(
        'store_corrupted',
        'The stored connection record has no version: delete it and connect again.',
        {
          instanceKey: record.instanceKey,
        },
      )
    }
    return { saved: false, reason: result }
  }

  async deleteConnection(instanceKey: string, options?: { readonly expectedVersion?: number }): Promise<boolean> {
    const expectedVersion = validateExpectedVersion(options?.expectedVersion, false)
    const state = this.#states.stateOf(instanceKey)
    const { keys } = state
    this.#states.forget(state)
    const deleted = await this.#runner.run('deleting a connection', () =>
      this.#scripts.deleteConnection(
        keys.record,
        keys.generation,
        expectedVersion === undefined ? '' : String(expectedVersion),
        keys.channel,
      ),
    )
    if (deleted !== 1) return false
    this.#changeFeed.announce(instanceKey)
    return true
  }

  async savePendingAuthorization(pending: PendingAuthorization): Promise<void> {
    const keys = this.#keys.createPendingKeys(pending?.stateId)
    const ttlMs = Math.ceil(pending.expiresAt - this.#options.now())
    if (!Number.isFinite(ttlMs)) throw new UsageError('pending.expiresAt must be epoch milliseconds.')
    // Already expired: storing it would only let it be consumed.
    if (ttlMs <= 0) return
    const value = await this.#pendings.encode(pending, keys)
    await this.#runner.run('saving a pending authorization', () => this.#redis.set(keys.pending, value, 'PX', ttlMs))
  }

  async consumePendingAuthorization(stateId: string): Promise<PendingAuthorization | null> {
    const keys = this.#keys.createPendingKeys(stateId)
    // GETDEL: one atomic read-and-delete, so a state is single-use across processes.
    const stored = await this.#runner.run('consuming a pending authorization', () => this.#redis.getdel(keys.pending))
    if (stored === null) return null
    const pending = await this.#pendings.decode(stored, stateId, keys)
    return pending.expiresAt <= this.#options.now() ? null : pending
  }

  async tryAcquire(instanceKey: string, leaseMs: number): Promise<LockLease | null> {
    validateLeaseMs(leaseMs)
    const keys = this.#keys.createInstanceKeys(instanceKey)
    const owner = createOwnerToken()
    const generation = await this.#runner.run(
      'taking the refresh lock',
      () => this.#scripts.acquireLock(keys.lock, keys.generation, owner, leaseMs),
      // The SET may still run later from ioredis's queue; a release queued behind it undoes it.
      () => void this.#scripts.releaseLock(keys.lock, owner, keys.channel).catch(() => {}),
    )
    if (generation === null) return null
    return new RedisLockLease(instanceKey, owner, generation, keys, this.#leaseContext)
  }

  waitForChange(instanceKey: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const keys = this.#keys.createInstanceKeys(instanceKey)
    return this.#subscriber.waitForMessage(keys.channel, timeoutMs, signal, async () => {
      const remaining = await this.#runner.run('checking the refresh lock', () => this.#redis.pttl(keys.lock))
      // -2: no lock; -1: a lock without expiry (not ours to judge) behaves like no cap.
      if (remaining === -2) return null
      return remaining === -1 ? Number.POSITIVE_INFINITY : remaining
    })
  }

  /**
   * Reports every save and delete of a connection record, by any process sharing this Redis and prefix
   * (pub/sub on the instances' change channels, one `PSUBSCRIBE` on a connection of its own, opened with
   * the first listener), and whether that subscription is `live` or `lost`. The client's `cache` option
   * uses it. Changes made through this store object are reported before their call resolves.
   *
   * @example
   * ```ts
   * const unsubscribe = store.subscribeToChanges((change) => {
   *   if (change.type === 'changed') console.log('changed:', change.instanceKey)
   * })
   * ```
   */
  subscribeToChanges(listener: (change: StoreChange) => void): () => void {
    if (typeof listener !== 'function') throw new UsageError('subscribeToChanges needs a listener function.')
    return this.#changeFeed.subscribe(listener)
  }

  /**
   * Reads `maxmemory-policy` (every primary of a Cluster). Any policy but `noeviction` or
   * `volatile-*` may evict connection records, which have no TTL.
   */
  checkEvictionPolicy(): Promise<EvictionPolicyReport> {
    return checkEvictionPolicy(this.#redis, this.#runner)
  }

  /** Closes the store's own pub/sub connections. The `redis` client you passed stays open. */
  async close(): Promise<void> {
    await Promise.all([this.#subscriber.close(), this.#changeFeed.close()])
  }

  toString(): string {
    return `RedisTokenStore(${this.#keys.keyPrefix})`
  }

  #readConnectionNow(state: InstanceState): Promise<ConnectionRecord | null> {
    return this.#runner.runAndMap(
      'reading a connection',
      () => this.#redis.get(state.recordKey),
      (stored) => (stored === null ? null : (this.#states.findDecoded(state, stored) ?? this.#decode(state, stored))),
    )
  }

  async #decode(state: InstanceState, stored: string): Promise<ConnectionRecord> {
    const record = await this.#connections.decode(stored, state.cacheKey, state.keys)
    this.#states.remember(state, stored, record)
    return record
  }

  #reportEvictionPolicyWhenReady(): void {
    const report = async () => {
      const { risky, checked, policies } = await this.checkEvictionPolicy()
      if (risky) {
        this.#options.logger?.warn(
          `Redis maxmemory-policy ${policies.join(', ')} can evict connection records (they have no TTL): use noeviction or a volatile-* policy.`,
          { policies },
        )
      } else if (!checked) {
        this.#options.logger?.debug('Could not read maxmemory-policy (CONFIG GET refused); eviction risk unknown.')
      }
    }
    if (this.#redis.status === 'ready') void report()
    else this.#redis.once('ready', () => void report())
  }
}

function validateExpectedVersion(value: unknown, nullable: boolean): number | null | undefined {
  if (value === undefined && !nullable) return undefined
  if (value === null && nullable) return null
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value
  throw new UsageError(`expectedVersion must be a whole number ≥ 1${nullable ? ' or null' : ''}.`)
}

function createOwnerToken(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('base64url')
}
