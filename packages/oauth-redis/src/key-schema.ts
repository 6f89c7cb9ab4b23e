import { UsageError } from '@rw/oauth-core'
import { findSlotOfKey, findSlotTag } from './slot-tags'

const REGISTRY_SHARD_SUFFIX = ':registry'
/** Bumped when the stored layout changes, so old and new layouts never read each other's keys. */
const SCHEMA_VERSION = 'v1'
const MAX_REMEMBERED_INSTANCES = 10_000
const LONE_SURROGATE = /\p{Cs}/u

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
  // Building keys encodes the id; the hot read path asks for the same few instances again and again.
  readonly #instances = new Map<string, InstanceKeys>()

  constructor(prefix: string) {
    this.#base = `${prefix}${SCHEMA_VERSION}:`
  }

  /** Every key this schema writes starts with this (for SCAN-based cleanup and audits). */
  get keyPrefix(): string {
    return this.#base
  }

  createInstanceKeys(instanceKey: string): InstanceKeys {
    const known = this.#instances.get(instanceKey)
    if (known !== undefined) return known
    const keys = this.buildInstanceKeys(instanceKey)
    if (this.#instances.size >= MAX_REMEMBERED_INSTANCES) this.#instances.clear()
    this.#instances.set(instanceKey, keys)
    return keys
  }

  /** `createInstanceKeys` without the cache: for walks over every instance (a registry repair). */
  buildInstanceKeys(instanceKey: string): InstanceKeys {
    const tag = `${this.#base}{${encodeId(instanceKey, 'instanceKey')}}`
    const slot = findSlotOfKey(tag)
    return {
      record: `${tag}:connection`,
      lock: `${tag}:lock`,
      generation: `${tag}:generation`,
      channel: `${tag}:changed`,
      recordAssociatedData: `${tag}:connection`,
      slot,
      registryShard: this.createRegistryShardKey(slot),
    }
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
