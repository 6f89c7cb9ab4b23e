import { describe, expect, it } from 'vitest'
import { FAULT_KINDS, parseFaultKinds, planFaults } from './fault-schedule'
import { createSeededRandom } from './seeded-random'

describe('planFaults', () => {
  const plan = (seed: number) => planFaults(createSeededRandom(seed), { repeat: 3, startMs: 1000, endMs: 61_000 })

  it('schedules every kind `repeat` times inside the fault phase, in time order', () => {
    const plans = plan(1)
    for (const kind of FAULT_KINDS) expect(plans.filter((entry) => entry.kind === kind)).toHaveLength(3)
    const times = plans.map((entry) => entry.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(Math.min(...times)).toBeGreaterThanOrEqual(1000)
    expect(Math.max(...times)).toBeLessThan(61_000)
  })

  it('gives the same schedule for the same seed and another for another seed', () => {
    expect(plan(7)).toEqual(plan(7))
    expect(plan(7).map((entry) => entry.kind)).not.toEqual(plan(8).map((entry) => entry.kind))
  })

  it('lands the named point of each hook fault', () => {
    const byKind = new Map(plan(1).map((entry) => [entry.kind, entry]))
    expect(byKind.get('pause_after_reread')).toMatchObject({ target: 'hook', point: 'after_reread', action: 'pause' })
    expect(byKind.get('kill_after_answer')).toMatchObject({ target: 'hook', point: 'after_answer', action: 'kill' })
    expect(byKind.get('redis_restart_lose_before_save')).toMatchObject({
      point: 'before_save',
      action: 'restart_redis_lose',
    })
    expect(byKind.get('token_lose_response')).toMatchObject({ target: 'network', fault: 'lose_response' })
  })

  it('plans only the chosen kinds', () => {
    const kinds = parseFaultKinds('pause_after_reread, token_503')
    const plans = planFaults(createSeededRandom(1), { kinds, repeat: 2, startMs: 0, endMs: 1000 })
    expect(plans.map((entry) => entry.kind).sort()).toEqual([
      'pause_after_reread',
      'pause_after_reread',
      'token_503',
      'token_503',
    ])
    expect(parseFaultKinds('none')).toEqual([])
    expect(() => parseFaultKinds('pause_forever')).toThrow(/unknown kind\(s\) pause_forever/)
  })
})
