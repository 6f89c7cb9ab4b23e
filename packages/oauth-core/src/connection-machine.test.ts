import { describe, expect, test } from 'vitest'
import {
  CONNECTION_EVENTS,
  CONNECTION_STATES,
  CONNECTION_TRANSITIONS,
  type ConnectionState,
  transitionConnection,
} from './connection-machine'
import { renderConnectionStateDiagram } from './connection-state-diagram'
import { IllegalTransitionError } from './errors'

function statesReachableFrom(start: ConnectionState): Set<ConnectionState> {
  const seen = new Set<ConnectionState>([start])
  const queue = [start]
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const event of CONNECTION_EVENTS) {
      const next = CONNECTION_TRANSITIONS[state][event]?.state
      if (next !== undefined && !seen.has(next)) {
        seen.add(next)
        queue.push(next)
      }
    }
  }
  return seen
}

describe('transitionConnection', () => {
  const pairs = CONNECTION_STATES.flatMap((state) => CONNECTION_EVENTS.map((event) => [state, event] as const))

  test('the table covers all 5 states × 8 events', () => {
    expect(CONNECTION_STATES).toEqual([
      'disconnected',
      'active',
      'refreshing',
      'refresh_outcome_unknown',
      'reauthorization_required',
    ])
    expect(pairs).toHaveLength(40)
  })

  test.each(pairs)('%s + %s follows the table or throws IllegalTransitionError', (state, event) => {
    const expected = CONNECTION_TRANSITIONS[state][event]
    if (expected === null) {
      let caught: unknown
      try {
        transitionConnection(state, event)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(IllegalTransitionError)
      expect(caught).toMatchObject({ code: 'illegal_transition', from: state, event })
    } else {
      expect(transitionConnection(state, event)).toBe(expected)
    }
  })

  test('documented transitions', () => {
    expect(transitionConnection('active', 'refresh_started')).toEqual({
      state: 'refreshing',
      effects: [{ type: 'call_refresh_endpoint' }],
    })
    expect(transitionConnection('refreshing', 'refresh_succeeded')).toEqual({
      state: 'active',
      effects: [{ type: 'persist', status: 'active' }, { type: 'release_lock' }, { type: 'emit', event: 'refreshed' }],
    })
    expect(transitionConnection('refreshing', 'refresh_rejected').state).toBe('reauthorization_required')
    expect(transitionConnection('refreshing', 'refresh_lost').state).toBe('refresh_outcome_unknown')
    expect(transitionConnection('refresh_outcome_unknown', 'refresh_started').state).toBe('refreshing')
  })

  test.each([
    ['refreshing', 'refresh_started'],
    ['reauthorization_required', 'refresh_started'],
    ['disconnected', 'refresh_started'],
    ['active', 'refresh_succeeded'],
  ] as const)('%s + %s is illegal (no second refresh, no retry of a rejected grant)', (state, event) => {
    expect(() => transitionConnection(state, event)).toThrowError(IllegalTransitionError)
  })

  test('unknown states and events are illegal, not crashes', () => {
    expect(() => transitionConnection('toString' as ConnectionState, 'authorized')).toThrowError(IllegalTransitionError)
    expect(() => transitionConnection('active', 'toString' as never)).toThrowError(IllegalTransitionError)
  })

  test('every exit from refreshing releases the lock, after any persist', () => {
    for (const event of CONNECTION_EVENTS) {
      const transition = CONNECTION_TRANSITIONS.refreshing[event]
      if (transition === null || transition.state === 'refreshing') continue
      const types = transition.effects.map((effect) => effect.type)
      expect(types, event).toContain('release_lock')
      const persistAt = types.indexOf('persist')
      if (persistAt !== -1) expect(persistAt, event).toBeLessThan(types.indexOf('release_lock'))
    }
  })

  test('only transitions into refreshing call the refresh endpoint', () => {
    for (const state of CONNECTION_STATES) {
      for (const event of CONNECTION_EVENTS) {
        const transition = CONNECTION_TRANSITIONS[state][event]
        const calls = transition?.effects.some((effect) => effect.type === 'call_refresh_endpoint') ?? false
        expect(calls, `${state} + ${event}`).toBe(
          transition !== null && transition.state === 'refreshing' && state !== 'refreshing',
        )
      }
    }
  })

  test.each(CONNECTION_STATES)('%s has a way back to active or disconnected', (state) => {
    const reachable = statesReachableFrom(state)
    expect(reachable.has('active') || reachable.has('disconnected')).toBe(true)
  })

  test('every state is reachable from disconnected', () => {
    expect([...statesReachableFrom('disconnected')].sort()).toEqual([...CONNECTION_STATES].sort())
  })
})

describe('renderConnectionStateDiagram', () => {
  test('renders every legal transition of the table as a Mermaid edge', () => {
    const diagram = renderConnectionStateDiagram()
    const lines = diagram.trimEnd().split('\n')
    expect(lines[0]).toBe('stateDiagram-v2')
    expect(lines[1]).toBe('  [*] --> disconnected')
    const legal = CONNECTION_STATES.flatMap((state) =>
      CONNECTION_EVENTS.filter((event) => CONNECTION_TRANSITIONS[state][event] !== null).map((event) => [state, event]),
    )
    expect(lines).toHaveLength(2 + legal.length)
    expect(lines).toContain('  active --> refreshing: refresh_started / call_refresh_endpoint')
    expect(lines).toContain(
      '  refreshing --> reauthorization_required: refresh_rejected / persist reauthorization_required, release_lock, emit reauthorization_required',
    )
    expect(lines).toContain('  disconnected --> active: authorized')
    expect(diagram).not.toContain('refreshing --> refreshing: refresh_started')
  })
})
