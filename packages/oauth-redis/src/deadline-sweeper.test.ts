import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DeadlineEntry, DeadlineSweeper } from './deadline-sweeper'

class RecordingEntry extends DeadlineEntry {
  expiredAt: number | undefined
  expire(): void {
    this.expiredAt = performance.now()
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('DeadlineSweeper', () => {
  it('expires an entry after the timeout, never early and at most a quarter late', () => {
    const sweeper = new DeadlineSweeper(1_000)
    const started = performance.now()
    vi.advanceTimersByTime(100)
    const entry = new RecordingEntry()
    sweeper.add(entry)
    vi.advanceTimersByTime(999)
    expect(entry.expiredAt).toBeUndefined()
    vi.advanceTimersByTime(251)
    expect(entry.expiredAt).toBeDefined()
    const elapsed = entry.expiredAt! - started - 100
    expect(elapsed).toBeGreaterThanOrEqual(1_000)
    expect(elapsed).toBeLessThanOrEqual(1_250)
    expect(sweeper.delete(entry)).toBe(false)
  })

  it('never expires a deleted entry, whatever its place in the list', () => {
    const sweeper = new DeadlineSweeper(100)
    const entries = Array.from({ length: 5 }, () => new RecordingEntry())
    for (const entry of entries) sweeper.add(entry)
    expect(sweeper.delete(entries[0]!)).toBe(true)
    expect(sweeper.delete(entries[2]!)).toBe(true)
    expect(sweeper.delete(entries[4]!)).toBe(true)
    expect(sweeper.delete(entries[2]!)).toBe(false)
    vi.advanceTimersByTime(200)
    expect(entries.map((entry) => entry.expiredAt !== undefined)).toEqual([false, true, false, true, false])
  })

  it('stops its timer when nothing is pending and starts it again for the next entry', () => {
    const sweeper = new DeadlineSweeper(100)
    const first = new RecordingEntry()
    sweeper.add(first)
    sweeper.delete(first)
    vi.advanceTimersByTime(50)
    expect(vi.getTimerCount()).toBe(0)
    const second = new RecordingEntry()
    sweeper.add(second)
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(150)
    expect(second.expiredAt).toBeDefined()
  })
})
