import { describe, expect, it } from 'vitest'
import { createSingleFlight } from './single-flight'

describe('createSingleFlight', () => {
  it('runs one task per key for concurrent callers and a new one afterwards', async () => {
    const flights = createSingleFlight<number>()
    let runs = 0
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const task = async () => {
      runs++
      await gate
      return runs
    }
    const callers = Array.from({ length: 50 }, () => flights.run('a', task))
    const other = flights.run('b', async () => 99)
    expect(flights.current('a')).toBeDefined()
    release()
    expect(new Set(await Promise.all(callers))).toEqual(new Set([1]))
    expect(await other).toBe(99)
    expect(flights.current('a')).toBeUndefined()
    expect(await flights.run('a', task)).toBe(2)
  })

  it('shares a failure with every joined caller, then forgets it', async () => {
    const flights = createSingleFlight<number>()
    const failing = () => Promise.reject(new Error('boom'))
    const results = await Promise.allSettled([flights.run('a', failing), flights.run('a', failing)])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected'])
    expect(await flights.run('a', async () => 1)).toBe(1)
  })
})
