import {
  ConfigurationError,
  createOutputLogger,
  type RadioWorkflowLogger,
  readPendingAuthorizationCap,
} from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import type { RedisEncryptionOptions } from './encryption-key-ring'
import type { RedisEventLogOptions } from './redis-event-log'
import {
  type ReplicaDurabilityOptions,
  type ResolvedReplicaDurability,
  resolveReplicaDurability,
} from './replica-durability'

/**
 * Options of `RedisTokenStore`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @example
 * ```ts
 * new RedisTokenStore({ redis: new Redis(url), encryption: { keys: [{ id: 'k1', key: process.env.RW_TOKEN_KEY }] } })
 * ```
 */
export interface RedisTokenStoreOptions {
  /**
   * An ioredis client: `new Redis(url)`, a Sentinel client, or `new Redis.Cluster(nodes)`. It stays
   * yours (the store never quits it). Its options need no tuning: the store bounds every call itself.
   */
  readonly redis: Redis | Cluster
  /** Prefix of every key and channel. Default `rw:oauth:`. Must not contain `{` or `}` (Cluster hash tags). */
  readonly prefix?: string
  /** Encryption at rest (AES-256-GCM). Configure it: without it tokens are stored in plain JSON. */
  readonly encryption?: RedisEncryptionOptions
  /** Deadline of one Redis call; past it the call fails with `StoreError('store_unavailable')`. Default 2000 ms. */
  readonly commandTimeoutMs?: number
  /**
   * Receives the unencrypted-storage and eviction-policy warnings and lock-release failures. Never receives
   * tokens. Default: warnings and errors to the console.
   */
  readonly logger?: RadioWorkflowLogger
  /** Clock (epoch ms) for pending-authorization TTLs. Default `Date.now`. */
  readonly now?: () => number
  /**
   * Opt-in for Sentinel and Cluster: a connection write counts as saved only once this many replicas
   * acknowledged it (`WAIT`), so a failover cannot lose a just-rotated refresh token. Costs a round trip and
   * the replication delay per write; writes fail while fewer replicas answer (the SDK keeps the pair and
   * retries). Off by default.
   */
  readonly durability?: ReplicaDurabilityOptions
  /**
   * The deployment-wide event log: every lifecycle event (`connected`, `refreshed`, ...) is also appended
   * to one bounded Redis Stream that `createEventConsumer` reads. Default `{ maxLength: 10_000 }`; `false`
   * appends nothing.
   */
  readonly events?: RedisEventLogOptions | false
  /** Cap on outstanding pending authorizations (logins not yet called back); beyond it a login fails with `store_unavailable`. Default 10 000. */
  readonly maxPendingAuthorizations?: number
  /**
   * Memory for decrypted records, in bytes (estimated: about 1 KB per record with typical tokens).
   * A read whose stored value is unchanged is served from here without decrypting. Default
   * {@link DEFAULT_RECORD_CACHE_MAX_BYTES} (128 MiB, room for about 120 000 records); 0 disables. See
   * the README's Performance section for sizing.
   */
  readonly recordCacheMaxBytes?: number
}

/**
 * Default `recordCacheMaxBytes`: 128 MiB. An upper bound, not an allocation: a process holds only the
 * records it reads.
 *
 * @example
 * ```ts
 * new RedisTokenStore({ redis, recordCacheMaxBytes: DEFAULT_RECORD_CACHE_MAX_BYTES / 4 })
 * ```
 */
export const DEFAULT_RECORD_CACHE_MAX_BYTES = 128 * 1024 * 1024

export interface ResolvedStoreOptions {
  readonly redis: Redis | Cluster
  readonly prefix: string
  readonly encryption: RedisEncryptionOptions | undefined
  readonly commandTimeoutMs: number
  readonly logger: RadioWorkflowLogger
  readonly now: () => number
  readonly recordCacheMaxBytes: number
  readonly durability: ResolvedReplicaDurability | undefined
  readonly events: RedisEventLogOptions | false
  readonly maxPendingAuthorizations: number
}

export function resolveStoreOptions(options: RedisTokenStoreOptions): ResolvedStoreOptions {
  const {
    redis,
    prefix = 'rw:oauth:',
    encryption,
    commandTimeoutMs = 2000,
    logger = createOutputLogger(console),
    now = Date.now,
    recordCacheMaxBytes = DEFAULT_RECORD_CACHE_MAX_BYTES,
    durability,
    events = {},
    maxPendingAuthorizations,
  } = options ?? ({} as RedisTokenStoreOptions)
  if (typeof redis?.defineCommand !== 'function' || typeof redis.duplicate !== 'function') {
    throw new ConfigurationError(
      'redis',
      'redis must be an ioredis client (new Redis(url) or new Redis.Cluster(nodes)) from ioredis 5.4 or later.',
    )
  }
  if (typeof prefix !== 'string' || prefix === '' || prefix.length > 200 || /[{}]/.test(prefix)) {
    throw new ConfigurationError(
      'prefix',
      'prefix must be a non-empty string of at most 200 characters without `{` or `}` (they would break Cluster hash tags).',
    )
  }
  if (!Number.isSafeInteger(commandTimeoutMs) || commandTimeoutMs < 1) {
    throw new ConfigurationError(
      'commandTimeoutMs',
      'commandTimeoutMs must be a positive whole number of milliseconds.',
    )
  }
  if (!Number.isSafeInteger(recordCacheMaxBytes) || recordCacheMaxBytes < 0) {
    throw new ConfigurationError(
      'recordCacheMaxBytes',
      'recordCacheMaxBytes must be a whole number of bytes ≥ 0 (0 disables the decoded-record cache).',
    )
  }
  if (typeof now !== 'function')
    throw new ConfigurationError('now', 'now must be a function returning epoch milliseconds.')
  const resolvedDurability = resolveReplicaDurability(durability)
  if (resolvedDurability !== undefined && resolvedDurability.timeoutMs >= commandTimeoutMs) {
    throw new ConfigurationError(
      'durability.timeoutMs',
      `durability.timeoutMs (${resolvedDurability.timeoutMs}) must be shorter than commandTimeoutMs (${commandTimeoutMs}).`,
    )
  }
  const pendingCap = readPendingAuthorizationCap(maxPendingAuthorizations)
  return {
    redis,
    prefix,
    encryption,
    commandTimeoutMs,
    logger,
    now,
    recordCacheMaxBytes,
    durability: resolvedDurability,
    events,
    maxPendingAuthorizations: pendingCap,
  }
}
