import type { DurableEvent, DurableEventSink } from '@rw/oauth-client'
import {
  type ChangeFeed,
  type ConnectionCounts,
  type ConnectionPage,
  type ConnectionQuery,
  type ConnectionRecord,
  type ConnectionRegistry,
  type FleetCoordinator,
  type FleetSlot,
  type LockLease,
  type PendingAuthorization,
  type RefreshLock,
  type SaveOutcome,
  type StoreChange,
  StoreError,
  summarizeConnection,
  type TokenStore,
  UsageError,
} from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import { ChangeSubscriber } from './change-subscriber'
import { ConnectionRecordCodec } from './connection-record-codec'
import { createEventStreamKeys } from './event-stream-keys'
import { checkEvictionPolicy, type EvictionPolicyReport } from './eviction-policy'
import { InstanceState, InstanceStates } from './instance-states'
import { KeySchema } from './key-schema'
import { PendingAuthorizationCodec } from './pending-authorization-codec'
import { ReadCoalescer } from './read-coalescer'
import { createRecordSealer } from './record-sealer'
import { RedisChangeFeed } from './redis-change-feed'
import { RedisCommandRunner } from './redis-command-runner'
import {
  countRegistryConnections,
  findRegistrySoonestExpiry,
  listRegistryConnections,
  type RegistryContext,
} from './redis-connection-registry'
import { RedisEventLog } from './redis-event-log'
import { RedisFleetCoordinator } from './redis-fleet-coordinator'
import { type LeaseContext, RedisLockLease, validateLeaseMs } from './redis-lock-lease'
import {
  consumePendingAuthorization,
  type PendingAuthorizationContext,
  savePendingAuthorization,
} from './redis-pending-authorizations'
import {
  type RedisTokenStoreOptions,
  type ResolvedStoreOptions,
  resolveStoreOptions,
} from './redis-token-store-options'
import { encodeRegistryEntry } from './registry-entry-codec'
import { type RegistryRepairReport, repairRegistry } from './registry-repair'
import { defineRegistryScripts } from './registry-scripts'
import { waitForReplicas } from './replica-durability'
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
export class RedisTokenStore
  implements TokenStore, RefreshLock, ConnectionRegistry, FleetCoordinator, DurableEventSink, ChangeFeed
{
  readonly #options: ResolvedStoreOptions
  readonly #redis: Redis | Cluster
  readonly #keys: KeySchema
  readonly #runner: RedisCommandRunner
  readonly #scripts: StoreScripts
  readonly #connections: ConnectionRecordCodec
  readonly #pendings: PendingAuthorizationContext
  readonly #subscriber: ChangeSubscriber
  readonly #changeFeed: RedisChangeFeed
  readonly #leaseContext: LeaseContext
  readonly #registry: RegistryContext
  readonly #eventLog: RedisEventLog | null
  readonly #fleet: RedisFleetCoordinator
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
    this.#subscriber = new ChangeSubscriber(redis, logger)
    this.#changeFeed = new RedisChangeFeed(redis, this.#keys, logger)
    this.#leaseContext = { scripts: this.#scripts, runner: this.#runner, logger }
    this.#pendings = {
      redis,
      keys: this.#keys,
      runner: this.#runner,
      scripts: this.#scripts,
      codec: new PendingAuthorizationCodec(sealer),
      now: this.#options.now,
      cap: this.#options.maxPendingAuthorizations,
    }
    this.#fleet = new RedisFleetCoordinator(redis, this.#runner, this.#keys.keyPrefix)
    const registryScripts = defineRegistryScripts(redis)
    this.#registry = { redis, keys: this.#keys, runner: this.#runner, scripts: registryScripts, logger }
    this.#eventLog =
      this.#options.events === false
        ? null
        : new RedisEventLog(redis, this.#runner, createEventStreamKeys(prefix).stream, this.#options.events)
    if (!sealer.encrypted) {
      logger.warn('RedisTokenStore stores tokens unencrypted: configure `encryption.keys` (see the README).')
    }
    this.#reportEvictionPolicyWhenReady()
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
    // Before the record's script: a shard that holds an entry always has its directory bit (see the README).
    await this.#runner.run('saving a connection', () => this.#redis.setbit(this.#keys.registryDirectory, keys.slot, 1))
    const result = await this.#runner.run('saving a connection', () =>
      this.#scripts.saveConnection(keys, {
        expectedVersion: expectedVersion === null ? '' : String(expectedVersion),
        value,
        owner: lease?.owner ?? '',
        generation: lease?.generation ?? '',
        channel: keys.channel,
        instanceKey: record.instanceKey,
        registryEntry: encodeRegistryEntry(summarizeConnection(record)),
      }),
    )
    if (result === 'saved') {
      const { durability } = this.#options
      if (durability !== undefined) {
        await waitForReplicas(this.#redis, this.#runner, keys.record, durability, record.instanceKey)
      }
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
      this.#scripts.deleteConnection(keys, {
        expectedVersion: expectedVersion === undefined ? '' : String(expectedVersion),
        channel: keys.channel,
        instanceKey,
      }),
    )
    if (deleted !== 1) return false
    this.#changeFeed.announce(instanceKey)
    return true
  }

  savePendingAuthorization(pending: PendingAuthorization): Promise<void> {
    return savePendingAuthorization(this.#pendings, pending)
  }

  consumePendingAuthorization(stateId: string): Promise<PendingAuthorization | null> {
    return consumePendingAuthorization(this.#pendings, stateId)
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

  /** Fleet-wide failure counts (the token endpoint's circuit breaker); see `FleetCoordinator`. */
  countFailure(name: string, windowMs: number): Promise<number> {
    return this.#fleet.countFailure(name, windowMs)
  }

  /** Closes the named circuit; see `FleetCoordinator`. */
  resetFailures(name: string): Promise<void> {
    return this.#fleet.resetFailures(name)
  }

  /** Opens the named circuit for `openMs`; see `FleetCoordinator`. */
  open(name: string, openMs: number): Promise<number> {
    return this.#fleet.open(name, openMs)
  }

  /** When the named circuit closes on its own, or `null`; see `FleetCoordinator`. */
  readOpenUntil(name: string): Promise<number | null> {
    return this.#fleet.readOpenUntil(name)
  }

  /** One probe per interval across the fleet; see `FleetCoordinator`. */
  claimProbe(name: string, intervalMs: number): Promise<boolean> {
    return this.#fleet.claimProbe(name, intervalMs)
  }

  /** One of `limit` fleet-wide slots (the cap on concurrent token-endpoint calls); see `FleetCoordinator`. */
  tryAcquireSlot(name: string, limit: number, leaseMs: number): Promise<FleetSlot | null> {
    return this.#fleet.tryAcquireSlot(name, limit, leaseMs)
  }

  /** One token of a fleet-wide rate (the optional rate of token-endpoint calls); see `FleetCoordinator`. */
  tryTakeRateToken(name: string, perSecond: number, burst: number): Promise<number> {
    return this.#fleet.tryTakeRateToken(name, perSecond, burst)
  }

  /**
   * One page of connections (no tokens), from the index written in the same scripts as the records. See
   * `ConnectionRegistry` for the cursor's guarantees and the README for the layout.
   */
  listConnections(query?: ConnectionQuery): Promise<ConnectionPage> {
    return listRegistryConnections(this.#registry, query)
  }

  /** Connections per status. Reads one small script's answer per used index shard (up to 16 384). */
  countConnections(): Promise<ConnectionCounts> {
    return countRegistryConnections(this.#registry)
  }

  /**
   * When the first access token among active connections expires (epoch ms), or `null` when none is active.
   * Reads one small script's answer per used index shard, like `countConnections`.
   */
  findSoonestExpiry(): Promise<number | null> {
    return findRegistrySoonestExpiry(this.#registry)
  }

  /**
   * Rebuilds the registry from the records (SCAN on every primary): writes missing or wrong entries and
   * removes entries without a record. Safe while processes use the store. Run it once after upgrading
   * from a version without the registry, or after index keys were lost (a Cluster failover can lose the
   * latest writes of the directory bitmap, which lives in another slot than the records).
   */
  repairRegistry(): Promise<RegistryRepairReport> {
    return repairRegistry(this.#registry, this.#connections)
  }

  /**
   * Appends a lifecycle event to the deployment's bounded event stream (`createRadioWorkflow` calls it for
   * every event it emits; `createEventConsumer` reads it). Does nothing with `events: false`.
   */
  async appendEvent(event: DurableEvent): Promise<void> {
    await this.#eventLog?.append(event)
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
        this.#options.logger.warn(
          `Redis maxmemory-policy ${policies.join(', ')} can evict connection records (they have no TTL): use noeviction or a volatile-* policy.`,
          { policies },
        )
      } else if (!checked) {
        this.#options.logger.debug('Could not read maxmemory-policy (CONFIG GET refused); eviction risk unknown.')
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
