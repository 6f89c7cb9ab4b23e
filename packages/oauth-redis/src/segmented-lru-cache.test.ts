import { describe, expect, it } from 'vitest'
import { SegmentedLruCache } from './segmented-lru-cache'

const entry = (name: string) => ({ name })
const always = () => true

describe('SegmentedLruCache', () => {
  it('counts hits and misses and rejects entries the caller does not accept', () => {
    const cache = new SegmentedLruCache<{ name: string }>(1_000, () => 10)
    expect(cache.find('a', always)).toBeUndefined()
    cache.set('a', entry('a1'))
    expect(cache.find('a', always)?.name).toBe('a1')
    expect(cache.find('a', (value) => value.name === 'a2')).toBeUndefined()
    expect(cache.statistics).toMatchObject({ hits: 1, misses: 2, entries: 1, bytes: 10, maxBytes: 1_000 })
    cache.delete('a')
    expect(cache.find('a', always)).toBeUndefined()
    expect(cache.statistics.entries).toBe(0)
  })

  it('stays within its byte budget', () => {
    const cache = new SegmentedLruCache<{ name: string }>(1_000, () => 100)
    for (let index = 0; index < 50; index++) {
      cache.set(`k${index}`, entry(`k${index}`))
      cache.find(`k${index}`, always)
    }
    expect(cache.statistics.bytes).toBeLessThanOrEqual(1_000)
    expect(cache.statistics.entries).toBe(10)
  })

  it('keeps entries that were hit while a scan walks through more keys than it can hold', () => {
    const cache = new SegmentedLruCache<{ name: string }>(1_000, () => 100)
    const hot = ['h1', 'h2', 'h3']
    for (const key of hot) {
      cache.set(key, entry(key))
      cache.find(key, always)
    }
    for (let index = 0; index < 500; index++) cache.set(`scan-${index}`, entry(`scan-${index}`))
    for (const key of hot) expect(cache.find(key, always)?.name).toBe(key)
  })

  it('demotes the least recently hit protected entry to probation instead of dropping it', () => {
    const cache = new SegmentedLruCache<{ name: string }>(1_000, () => 100)
    // Protected holds 8 entries of 100 bytes; the 9th promotion demotes the least recently hit one.
    for (let index = 0; index < 9; index++) {
      cache.set(`k${index}`, entry(`k${index}`))
      cache.find(`k${index}`, always)
    }
    expect(cache.find('k0', always)?.name).toBe('k0')
    expect(cache.statistics.entries).toBe(9)
  })
})

describe('SegmentedLruCache under uniform access', () => {
  it('keeps a whole working set that fits its budget, although most entries were never hit twice', () => {
    const cache = new SegmentedLruCache<{ name: string }>(1_000, () => 10)
    for (let index = 0; index < 100; index++) cache.set(`k${index}`, entry(`k${index}`))
    for (let index = 0; index < 100; index++) expect(cache.find(`k${index}`, always)).toBeDefined()
    expect(cache.statistics).toMatchObject({ entries: 100, bytes: 1_000 })
  })
})
