import { LRUCache } from 'lru-cache'

/** Share of the bytes kept for entries that were hit at least once (the rest takes new entries). */
const PROTECTED_SHARE = 0.8

/** Counters of a {@link SegmentedLruCache}. */
export interface CacheStatistics {
  readonly hits: number
  readonly misses: number
  readonly entries: number
  /** Estimated bytes held (the sum of `sizeOf` over the entries). */
  readonly bytes: number
  readonly maxBytes: number
}

/**
 * Segmented LRU (SLRU) sized in bytes, built from two `lru-cache` segments: a new entry enters
 * *probation*; a hit there promotes it to *protected* (at most 80 % of the bytes); protected's least
 * recently used entry falls back to probation when protected is full. The two share one budget: when
 * the total is over it, probation's least recently used entries go. A scan (a job touching every
 * customer once) therefore only cycles through probation and cannot push out the entries that
 * interactive traffic hits again and again, which a plain LRU would; and a working set that fits the
 * budget stays whole, whichever segment its entries are in.
 *
 * Why lru-cache underneath rather than a hand-written list: it is maintained, O(1), allocation-free on
 * hits (typed-array linked list) and already does byte sizing (`maxSize` + `sizeCalculation`) and
 * eviction callbacks; what it lacks is scan resistance, which these ~60 lines add on top.
 */
export class SegmentedLruCache<V extends object> {
  readonly #probation: LRUCache<string, V>
  readonly #protected: LRUCache<string, V>
  readonly #maxBytes: number
  #hits = 0
  #misses = 0

  constructor(maxBytes: number, sizeOf: (value: V, key: string) => number) {
    this.#maxBytes = maxBytes
    const sizeCalculation = (value: V, key: string) => Math.max(1, Math.ceil(sizeOf(value, key)))
    const protectedBytes = Math.max(1, Math.floor(maxBytes * PROTECTED_SHARE))
    this.#probation = new LRUCache<string, V>({ maxSize: maxBytes, sizeCalculation })
    this.#protected = new LRUCache<string, V>({
      maxSize: protectedBytes,
      sizeCalculation,
      // Demoted, not dropped: it gets one more chance in probation.
      dispose: (value, key, reason) => {
        if (reason === 'evict') this.#probation.set(key, value)
      },
    })
  }

  /** The entry for `key` that `accept` approves (counted as a hit), else `undefined` (a miss). */
  find(key: string, accept: (value: V) => boolean): V | undefined {
    const hot = this.#protected.get(key)
    if (hot !== undefined && accept(hot)) {
      this.#hits++
      return hot
    }
    const warm = hot === undefined ? this.#probation.get(key) : undefined
    if (warm !== undefined && accept(warm)) {
      this.#hits++
      this.#probation.delete(key)
      this.#protected.set(key, warm)
      this.#trim()
      return warm
    }
    this.#misses++
    return undefined
  }

  set(key: string, value: V): void {
    if (this.#protected.has(key)) this.#protected.set(key, value)
    else this.#probation.set(key, value)
    this.#trim()
  }

  delete(key: string): void {
    this.#protected.delete(key)
    this.#probation.delete(key)
  }

  #trim(): void {
    while (this.#probation.calculatedSize + this.#protected.calculatedSize > this.#maxBytes) {
      if (this.#probation.pop() === undefined) break
    }
  }

  get statistics(): CacheStatistics {
    return {
      hits: this.#hits,
      misses: this.#misses,
      entries: this.#protected.size + this.#probation.size,
      bytes: this.#protected.calculatedSize + this.#probation.calculatedSize,
      maxBytes: this.#maxBytes,
    }
  }
}
