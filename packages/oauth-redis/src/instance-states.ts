import type { ConnectionRecord } from '@rw/oauth-core'
import type { InstanceKeys, KeySchema } from './key-schema'
import type { ReadSlot } from './read-coalescer'
import { type CacheStatistics, S3FifoCache, S3FifoEntry } from './s3-fifo-cache'

/**
 * Heap bytes of one instance's state beyond the lengths of its strings (object and string headers, the
 * cache's links and map slot): about 430 measured on Node 24 with `--expose-gc`, rounded up.
 */
const ENTRY_OVERHEAD_BYTES = 450
/** Kept for key names and read sharing even when decoded records are not (`recordCacheMaxBytes: 0`). */
const MIN_STATE_BYTES = 4 * 1024 * 1024

/**
 * Everything the hot read path needs about one instance, found with one lookup: its key names, the read
 * other callers may share this run, and the last stored value with its decoded record.
 */
export class InstanceState extends S3FifoEntry implements ReadSlot<ConnectionRecord | null> {
  readonly cacheKey: string
  readonly keys: InstanceKeys
  /** `keys.record`, held here too: the read path then touches one object fewer per call. */
  readonly recordKey: string
  sharedRead: Promise<ConnectionRecord | null> | undefined = undefined
  /** The stored value `record` was decoded from; equal text is an equal record (it was authenticated). */
  stored: string | undefined = undefined
  record: ConnectionRecord | undefined = undefined

  constructor(instanceKey: string, keys: InstanceKeys) {
    super()
    this.cacheKey = instanceKey
    this.keys = keys
    this.recordKey = keys.record
  }
}

/** Per-instance states in one scan-resistant cache bounded in estimated bytes (see {@link S3FifoCache}). */
export class InstanceStates {
  readonly #cache: S3FifoCache<InstanceState>
  readonly #schema: KeySchema
  readonly #keepRecords: boolean

  constructor(schema: KeySchema, recordCacheMaxBytes: number) {
    this.#schema = schema
    this.#keepRecords = recordCacheMaxBytes > 0
    this.#cache = new S3FifoCache(Math.max(recordCacheMaxBytes, MIN_STATE_BYTES))
  }

  /** The instance's state; throws `UsageError` for an invalid instance key. */
  stateOf(instanceKey: string): InstanceState {
    const known = this.#cache.get(instanceKey)
    if (known !== undefined) return known
    const state = new InstanceState(instanceKey, this.#schema.createInstanceKeys(instanceKey))
    this.#cache.add(state, estimateBytes(state))
    return state
  }

  /** The decoded record when `stored` is what it was decoded from (a hit), else `undefined` (a miss). */
  findDecoded(state: InstanceState, stored: string): ConnectionRecord | undefined {
    if (state.stored === stored) {
      this.#cache.countHit()
      return state.record
    }
    this.#cache.countMiss()
    return undefined
  }

  remember(state: InstanceState, stored: string, record: ConnectionRecord): void {
    if (!this.#keepRecords) return
    state.stored = stored
    state.record = record
    this.#cache.resize(state, estimateBytes(state))
  }

  forget(state: InstanceState): void {
    state.stored = undefined
    state.record = undefined
    this.#cache.resize(state, estimateBytes(state))
  }

  /** Hits and misses of decoded records; `undefined` when records are not kept. */
  get statistics(): CacheStatistics | undefined {
    return this.#keepRecords ? this.#cache.statistics : undefined
  }
}

function estimateBytes({ cacheKey, keys, stored, record }: InstanceState): number {
  let bytes = ENTRY_OVERHEAD_BYTES + cacheKey.length + keys.record.length * 2
  if (stored !== undefined) bytes += stored.length
  if (record !== undefined) {
    bytes += 200 + record.accessToken.length + (record.refreshToken?.length ?? 0)
    for (const scope of record.scopes) bytes += scope.length + 16
  }
  return bytes
}
