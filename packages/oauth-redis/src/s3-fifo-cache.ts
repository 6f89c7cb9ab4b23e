/**
 * Counters of the store's decoded-record cache (`RedisTokenStore.recordCacheStatistics`).
 *
 * @example
 * ```ts
 * const stats = store.recordCacheStatistics
 * if (stats) console.log(`hit rate ${(stats.hits / (stats.hits + stats.misses)).toFixed(3)}, ${stats.bytes} bytes`)
 * ```
 */
export interface CacheStatistics {
  readonly hits: number
  readonly misses: number
  readonly entries: number
  /** Estimated bytes held (the sum of the entries' `bytes`). */
  readonly bytes: number
  readonly maxBytes: number
}

/** What the cache keeps per entry: its links, its access count and its estimated size. */
export abstract class S3FifoEntry {
  /** @internal */ s3Next: S3FifoEntry | undefined = undefined
  /** @internal */ s3Prev: S3FifoEntry | undefined = undefined
  /** @internal */ s3Queue: Queue | undefined = undefined
  /** @internal */ s3Frequency = 0
  /** @internal */ s3Bytes = 0
  abstract readonly cacheKey: string
}

/** Share of the bytes for entries not yet hit since they came in (the small FIFO). */
const SMALL_SHARE = 0.1
const MAX_FREQUENCY = 3

/** A FIFO of entries, newest at the head, as an intrusive doubly linked list. */
class Queue {
  head: S3FifoEntry | undefined = undefined
  tail: S3FifoEntry | undefined = undefined
  bytes = 0

  push(entry: S3FifoEntry): void {
    entry.s3Queue = this
    entry.s3Prev = undefined
    entry.s3Next = this.head
    if (this.head === undefined) this.tail = entry
    else this.head.s3Prev = entry
    this.head = entry
    this.bytes += entry.s3Bytes
  }

  remove(entry: S3FifoEntry): void {
    if (entry.s3Prev === undefined) this.head = entry.s3Next
    else entry.s3Prev.s3Next = entry.s3Next
    if (entry.s3Next === undefined) this.tail = entry.s3Prev
    else entry.s3Next.s3Prev = entry.s3Prev
    entry.s3Next = undefined
    entry.s3Prev = undefined
    entry.s3Queue = undefined
    this.bytes -= entry.s3Bytes
  }
}

/**
 * S3-FIFO (Yang et al., SOSP 2023) bounded in estimated bytes, without the ghost queue: new entries enter a
 * small FIFO (10 % of the bytes); one that was hit by the time it leaves moves to the main FIFO, one that was
 * not is dropped. The main FIFO gives each entry as many more rounds as it was hit (up to 3) before dropping
 * it. A scan (a job touching every customer once) therefore only flows through the small FIFO and cannot
 * push out what interactive traffic hits again and again; a working set that fits the budget is never
 * evicted at all.
 *
 * Why hand-written rather than `lru-cache`: a hit here is a `Map.get` and one field write on the entry the
 * caller reads anyway. An LRU moves the entry to the front of its list on every hit (writes to the
 * neighbours' links at random places in memory) and `lru-cache` also builds an options object per `get`;
 * at 10 000+ instances those cache misses made a cached `getAccessToken` cost 5–8 µs of CPU instead of
 * under 1 µs (measured with `pnpm bench`). `lru-cache` is also not scan-resistant.
 */
export class S3FifoCache<E extends S3FifoEntry> {
  readonly #entries = new Map<string, E>()
  readonly #small = new Queue()
  readonly #main = new Queue()
  readonly #maxBytes: number
  #hits = 0
  #misses = 0

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes
  }

  /** The entry, counting one access (no hit or miss is counted: see `countHit` / `countMiss`). */
  get(key: string): E | undefined {
    const entry = this.#entries.get(key)
    if (entry !== undefined && entry.s3Frequency < MAX_FREQUENCY) entry.s3Frequency++
    return entry
  }

  countHit(): void {
    this.#hits++
  }

  countMiss(): void {
    this.#misses++
  }

  /** Adds a new entry (replacing any with its key) of `bytes` estimated bytes. */
  add(entry: E, bytes: number): void {
    this.delete(entry.cacheKey)
    entry.s3Bytes = bytes
    entry.s3Frequency = 0
    this.#entries.set(entry.cacheKey, entry)
    this.#small.push(entry)
    this.#evictUntilWithinBudget()
  }

  /** Records that an entry grew or shrank to `bytes`. */
  resize(entry: E, bytes: number): void {
    const queue = entry.s3Queue
    if (queue === undefined) return
    queue.bytes += bytes - entry.s3Bytes
    entry.s3Bytes = bytes
    this.#evictUntilWithinBudget()
  }

  delete(key: string): void {
    const entry = this.#entries.get(key)
    if (entry === undefined) return
    this.#entries.delete(key)
    entry.s3Queue?.remove(entry)
  }

  get statistics(): CacheStatistics {
    return {
      hits: this.#hits,
      misses: this.#misses,
      entries: this.#entries.size,
      bytes: this.#small.bytes + this.#main.bytes,
      maxBytes: this.#maxBytes,
    }
  }

  #evictUntilWithinBudget(): void {
    while (this.#small.bytes + this.#main.bytes > this.#maxBytes) {
      if (
        this.#small.tail !== undefined &&
        (this.#small.bytes > this.#maxBytes * SMALL_SHARE || this.#main.tail === undefined)
      ) {
        this.#evictFromSmall(this.#small.tail)
      } else if (this.#main.tail !== undefined) {
        this.#evictFromMain(this.#main.tail)
      } else {
        return
      }
    }
  }

  #evictFromSmall(entry: E | S3FifoEntry): void {
    this.#small.remove(entry)
    if (entry.s3Frequency > 0) {
      entry.s3Frequency = 0
      this.#main.push(entry)
    } else {
      this.#entries.delete(entry.cacheKey)
    }
  }

  #evictFromMain(entry: E | S3FifoEntry): void {
    this.#main.remove(entry)
    if (entry.s3Frequency > 0) {
      entry.s3Frequency--
      this.#main.push(entry)
    } else {
      this.#entries.delete(entry.cacheKey)
    }
  }
}
