import { describe, expect, it } from 'vitest'
import { S3FifoCache, S3FifoEntry } from './s3-fifo-cache'

class Entry extends S3FifoEntry {
  constructor(readonly cacheKey: string) {
    super()
  }
}

function fill(cache: S3FifoCache<Entry>, keys: readonly string[], bytes = 10): void {
  for (const key of keys) if (cache.get(key) === undefined) cache.add(new Entry(key), bytes)
}
const range = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`)

describe('S3FifoCache', () => {
  it('finds what it holds, counts what it is told, forgets on delete', () => {
    const cache = new S3FifoCache<Entry>(1_000)
    fill(cache, ['a', 'b'])
    expect(cache.get('a')?.cacheKey).toBe('a')
    cache.countHit()
    cache.countMiss()
    cache.delete('a')
    expect(cache.get('a')).toBeUndefined()
    expect(cache.statistics).toEqual({ hits: 1, misses: 1, entries: 1, bytes: 10, maxBytes: 1_000 })
  })

  it('stays within its byte budget, also when an entry grows', () => {
    const cache = new S3FifoCache<Entry>(1_000)
    fill(cache, range('k', 500))
    expect(cache.statistics.bytes).toBeLessThanOrEqual(1_000)
    const grown = cache.get('k499')!
    cache.resize(grown, 400)
    expect(cache.statistics.bytes).toBeLessThanOrEqual(1_000)
    cache.add(new Entry('huge'), 5_000)
    expect(cache.get('huge')).toBeUndefined()
    expect(cache.statistics.bytes).toBeLessThanOrEqual(1_000)
  })

  it('keeps a whole working set that fits, whatever the access order', () => {
    const cache = new S3FifoCache<Entry>(1_000)
    const keys = range('k', 100)
    fill(cache, keys)
    for (const key of [...keys].reverse()) expect(cache.get(key)).toBeDefined()
    expect(cache.statistics.entries).toBe(100)
  })

  it('keeps the entries traffic keeps hitting while a scan walks through many more keys than it holds', () => {
    const cache = new S3FifoCache<Entry>(1_000)
    const hot = range('hot', 10)
    fill(cache, hot)
    for (const key of hot) cache.get(key)
    const scan = range('scan', 5_000)
    for (let index = 0; index < scan.length; index++) {
      fill(cache, [scan[index]!])
      // Interactive traffic goes on, far less often than the scan inserts (an LRU of 100 entries loses them).
      if (index % 200 === 0) for (const key of hot) cache.get(key)
    }
    for (const key of hot) expect(cache.get(key)).toBeDefined()
  })
})
