import { describe, expect, it } from 'vitest'
import { createMemoryFleetCoordinator } from './memory-fleet-coordinator'

function createClockedCoordinator() {
  let current = 1_000_000
  const coordinator = createMemoryFleetCoordinator({ now: () => current })
  return {
    coordinator,
    advance(ms: number) {
      current += ms
    },
  }
}

async function takeTokens(take: () => Promise<number>, attempts: number): Promise<number[]> {
  const waits: number[] = []
  for (let attempt = 0; attempt < attempts; attempt++) waits.push(await take())
  return waits
}

describe('createMemoryFleetCoordinator: tryTakeRateToken (GCRA)', () => {
  it('grants a burst at once, then answers how long until the next token', async () => {
    const { coordinator } = createClockedCoordinator()
    const waits = await takeTokens(() => coordinator.tryTakeRateToken('calls', 4, 4), 6)
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0])
    expect(waits.slice(4)).toEqual([250, 250])
  })

  it('refills one token per interval, never more than the burst', async () => {
    const { coordinator, advance } = createClockedCoordinator()
    const take = () => coordinator.tryTakeRateToken('calls', 2, 2)
    await takeTokens(take, 2)
    advance(499)
    expect(await take()).toBe(1)
    advance(1)
    expect(await takeTokens(take, 2)).toEqual([0, 500])
    // Idle far longer than the burst needs: only `burst` tokens are waiting, not one per elapsed interval.
    advance(60_000)
    expect(await takeTokens(take, 3)).toEqual([0, 0, 500])
  })

  it('spaces tokens at a rate below one per second, and keeps each name apart', async () => {
    const { coordinator, advance } = createClockedCoordinator()
    const take = () => coordinator.tryTakeRateToken('calls', 0.25, 1)
    expect(await take()).toBe(0)
    expect(await take()).toBe(4_000)
    expect(await coordinator.tryTakeRateToken('other', 0.25, 1)).toBe(0)
    advance(3_000)
    expect(await take()).toBe(1_000)
    advance(1_000)
    expect(await take()).toBe(0)
  })

  it('never exceeds the rate when its interval is not a whole number of milliseconds', async () => {
    const { coordinator, advance } = createClockedCoordinator()
    let granted = 0
    for (let ms = 0; ms < 10_000; ms++) {
      if ((await coordinator.tryTakeRateToken('calls', 3, 3)) === 0) granted++
      advance(1)
    }
    // 3 per second over 10 s, plus the burst that was waiting at the start.
    expect(granted).toBeLessThanOrEqual(3 * 10 + 3)
    expect(granted).toBeGreaterThanOrEqual(3 * 10)
  })
})
