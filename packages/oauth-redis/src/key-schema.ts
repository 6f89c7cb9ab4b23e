import { UsageError } from '@rw/oauth-core'
import { findSlotOfKey, findSlotTag } from './slot-tags'

const REGISTRY_SHARD_SUFFIX = ':registry'
/** Bumped when the stored layout changes, so old and new layouts never read each other's keys. */
const SCHEMA_VERSION = 'v1'
const LONE_SURROGATE = /\p{Cs}/u
const CHANGE_CHANNEL_SUFFIX = ':changed'

/** The keys and channel of one instance. All keys carry the same `{...}` hash tag (one Cluster slot). */
export interface InstanceKeys {
  /** The connection record: `<version>.<envelope>`. */
  readonly record: string
  /** The refresh lock: holds the owner token, expires by itself. */
  readonly lock: string
  /** Counts deletions and survives them, so a lease taken before a delete cannot write after it. */
  readonly generation: string
  /** Pub/sub channel announcing lock releases and record writes/deletes. */
  readonly channel: string
  /** Associated data binding a ciphertext to this prefix and instance. */
  readonly recordAssociatedData: string
  /** The hash slot of every key above (0–16383; it also picks the index shard on standalone and Sentinel). */
  readonly slot: number
  /** The registry's index shard of that slot (a hash: instance key → summary), in the same slot as the record. */
  readonly registryShard: string
}

/**
 * The read path needs only the record key (and the same text as associated data), and the per-instance
 * state keeps these objects for every cached instance: the other names are built when asked for (rare:
 * locks, writes, waits). Every string is flat (one `Buffer` decode), so writing it to the socket and
 * comparing it never walks a concatenation tree.
 */
class LazyInstanceKeys implements InstanceKeys {
  readonly record: string
  readonly #tag: string
  readonly #schema: KeySchema
  #slot: number | undefined

  constructor(tag: string, schema: KeySchema) {
    this.#tag = tag
    this.#schema = schema
    this.record = flatten(`${tag}:connection`)
  }

  get slot(): number {
    this.#slot ??= findSlotOfKey(this.#tag)
    return this.#slot
  }

  get registryShard(): string {
    return this.#schema.createRegistryShardKey(this.slot)
  }

  get recordAssociatedData(): string {
    return this.record
  }

  get lock(): string {
    return `${this.#tag}:lock`
  }

  get generation(): string {
    return `${this.#tag}:generation`
  }

  get channel(): string {
    return `${this.#tag}${CHANGE_CHANNEL_SUFFIX}`
  }
}

function flatten(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8')
}

/** The key and associated data of one pending authorization. */
export interface PendingKeys {
  readonly pending: string
  readonly pendingAssociatedData: string
}

/**
 * Builds every key from a prefix. Ids are base64url-encoded inside the hash tag: the encoding is
 * injective and its alphabet has no `{`, `}` or `:`, so no id can end the tag early, move to another
 * slot, or collide with another id.
 */
export class KeySchema {
  readonly #base: string

  constructor(prefix: string) {
    this.#base = `${prefix}${SCHEMA_VERSION}:`
  }

  /** Every key this schema writes starts with this (for SCAN-based cleanup and audits). */
  get keyPrefix(): string {
    return this.#base
  }

  /** Builds them (~0.5 µs): the hot read path keeps them in its per-instance state (`InstanceStates`). */
  createInstanceKeys(instanceKey: string): InstanceKeys {
    return new LazyInstanceKeys(`${this.#base}{${encodeId(instanceKey, 'instanceKey')}}`, this)
  }

  /** The same keys, for walks over every instance (a registry repair). */
  buildInstanceKeys(instanceKey: string): InstanceKeys {
    return this.createInstanceKeys(instanceKey)
  }

  /** PSUBSCRIBE pattern matching every instance's change channel, and nothing else of this prefix. */
  get changeChannelPattern(): string {
    return `${escapeGlob(this.#base)}{*}${CHANGE_CHANNEL_SUFFIX}`
  }

  /** The instance whose change channel this is, or `undefined` for any other channel. */
  readInstanceKeyOfChannel(channel: string): string | undefined {
    const start = this.#base.length + 1
    const end = channel.length - CHANGE_CHANNEL_SUFFIX.length - 1
    if (end <= start || !channel.startsWith(this.#base) || !channel.endsWith(CHANGE_CHANNEL_SUFFIX)) return undefined
    if (channel[start - 1] !== '{' || channel[end] !== '}') return undefined
    return Buffer.from(channel.slice(start, end), 'base64url').toString('utf8')
  }

  /** The index shard of a slot: tagged so it lands in that very slot (see `findSlotTag`). */
  createRegistryShardKey(slot: number): string {
    return `${this.#base}{${findSlotTag(slot)}}${REGISTRY_SHARD_SUFFIX}`
  }

  /**
   * A bitmap with bit `slot` set once a shard of that slot may hold entries, so listings skip empty slots.
   * It lives in a slot of its own: set before the record's script runs, never cleared (see the README).
   */
  get registryDirectory(): string {
    return `${this.#base}registry:slots`
  }

  /** SCAN pattern of every connection record of this prefix. */
  get recordPattern(): string {
    return `${escapeGlob(this.#base)}{*}:connection`
  }

  /** SCAN pattern of every index shard of this prefix. */
  get registryShardPattern(): string {
    return `${escapeGlob(this.#base)}{*}${REGISTRY_SHARD_SUFFIX}`
  }

  /**
   * The instance and keys of a record key this schema built, or `null` for any other key. Not cached:
   * a repair walks every record once and must not push the hot instances out of the cache.
   */
  readRecordKey(recordKey: string): { readonly instanceKey: string; readonly keys: InstanceKeys } | null {
    const match = /^\{([A-Za-z0-9_-]+)\}:connection$/.exec(recordKey.slice(this.#base.length))
    if (!recordKey.startsWith(this.#base) || match === null) return null
    const instanceKey = Buffer.from(match[1]!, 'base64url').toString('utf8')
    const keys = this.buildInstanceKeys(instanceKey)
    return keys.record === recordKey ? { instanceKey, keys } : null
  }

  /** The sorted set counting outstanding pending authorizations (state ids by expiry), for the cap. */
  get pendingIndex(): string {
    return `${this.#base}pending-index`
  }

  createPendingKeys(stateId: string): PendingKeys {
    const key = `${this.#base}pending:{${encodeId(stateId, 'stateId')}}`
    return { pending: key, pendingAssociatedData: key }
  }
}

function encodeId(id: string, name: string): string {
  if (typeof id !== 'string' || id === '') {
    throw new UsageError(`${name} must be a non-empty string.`)
  }
  // Lone surrogates would all encode to U+FFFD and collide.
  if (LONE_SURROGATE.test(id)) {
    throw new UsageError(`${name} must be well-formed Unicode (it contains a lone surrogate).`)
  }
  return Buffer.from(id, 'utf8').toString('base64url')
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}
