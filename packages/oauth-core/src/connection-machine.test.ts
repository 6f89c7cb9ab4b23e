import { describe, expect, test } from 'vitest'
import {
  CONNECTION_EVENTS,
  CONNECTION_STATES,
  CONNECTION_TRANSITIONS,
  type ConnectionState,
  type ConnectionTransition,
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

/** Every legal cell, written out: a change to the table must change this list on purpose. */
const LEGAL_CELLS: Record<string, string> = {
  'disconnected + authorized': 'active: persist create_connection, emit connected',
  'disconnected + refresh_declined': 'disconnected: release_lock',
  'disconnected + disconnected': 'disconnected: ',
  'active + authorized': 'active: persist create_connection, emit connected',
  'active + refresh_started': 'refreshing: persist record_attempt, check_lease, call_refresh_endpoint',
  'active + refresh_adopted': 'active: release_lock',
  'active + refresh_declined': 'active: release_lock',
  'active + attempt_unresolved':
    'refresh_outcome_unknown: persist mark_outcome_unknown, release_lock, emit refresh_outcome_unknown',
  'active + disconnected': 'disconnected: delete_record, emit disconnected',
  'refreshing + refresh_succeeded': 'active: persist apply_tokens, release_lock, emit refreshed',
  'refreshing + refresh_recovered': 'active: persist apply_tokens, release_lock, emit refreshed, emit recovered',
  'refreshing + refresh_adopted': 'active: release_lock',
  'refreshing + refresh_abandoned': 'active: persist clear_attempt, release_lock',
  'refreshing + refresh_failed': 'active: persist record_failure, release_lock, emit refresh_failed',
  'refreshing + refresh_lost':
    'refresh_outcome_unknown: persist mark_outcome_unknown, release_lock, emit refresh_outcome_unknown',
  'refreshing + refresh_rejected':
    'reauthorization_required: persist mark_reauthorization_required, release_lock, emit reauthorization_required',
  'refreshing + disconnected': 'disconnected: release_lock',
  'refresh_outcome_unknown + authorized': 'active: persist create_connection, emit connected',
  'refresh_outcome_unknown + refresh_started': 'refreshing: persist record_attempt, check_lease, call_refresh_endpoint',
  'refresh_outcome_unknown + refresh_adopted': 'active: release_lock',
  'refresh_outcome_unknown + refresh_declined': 'refresh_outcome_unknown: release_lock',
  'refresh_outcome_unknown + attempt_unresolved': 'refresh_outcome_unknown: release_lock',
  'refresh_outcome_unknown + disconnected': 'disconnected: delete_record, emit disconnected',
  'reauthorization_required + authorized': 'active: persist create_connection, emit connected',
  'reauthorization_required + refresh_declined': 'reauthorization_required: release_lock',
  'reauthorization_required + disconnected': 'disconnected: delete_record, emit disconnected',
}

function describeCell(transition: ConnectionTransition): string {
  const effects = transition.effects.map((effect) =>
    effect.type === 'persist'
      ? `persist ${effect.change}`
      : effect.type === 'emit'
        ? `emit ${effect.event}`
        : effect.type,
  )
  return `${transition.state}: ${effects.join(', ')}`
}

describe('transitionConnection', () => {
  const pairs = CONNECTION_STATES.flatMap((state) => CONNECTION_EVENTS.map((event) => [state, event] as const))

  test('the table covers all 5 states × 12 events', () => {
    expect(CONNECTION_STATES).toEqual([
      'disconnected',
      'active',
      'refreshing',
      'refresh_outcome_unknown',
      'reauthorization_required',
    ])
    expect(CONNECTION_EVENTS).toHaveLength(12)
    expect(pairs).toHaveLength(60)
  })

  test.each(pairs)('%s + %s is the literal cell, or throws IllegalTransitionError', (state, event) => {
    const expected = LEGAL_CELLS[`${state} + ${event}`]
    if (expected === undefined) {
      let caught: unknown
      try {
        transitionConnection(state, event)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(IllegalTransitionError)
      expect(caught).toMatchObject({ code: 'illegal_transition', from: state, event })
    } else {
      expect(describeCell(transitionConnection(state, event))).toBe(expected)
    }
  })

  test('every legal cell is listed', () => {
    expect(pairs.filter(([state, event]) => CONNECTION_TRANSITIONS[state][event] !== null)).toHaveLength(
      Object.keys(LEGAL_CELLS).length,
    )
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

  test('the refresh endpoint is called only after the marker is persisted and the lease checked', () => {
    for (const state of CONNECTION_STATES) {
      for (const event of CONNECTION_EVENTS) {
        const types = CONNECTION_TRANSITIONS[state][event]?.effects.map((effect) => effect.type) ?? []
        const callAt = types.indexOf('call_refresh_endpoint')
        if (callAt === -1) continue
        expect(types.slice(0, callAt), `${state} + ${event}`).toEqual(['persist', 'check_lease'])
      }
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
    expect(lines).toContain(
      '  active --> refreshing: refresh_started / persist record_attempt, check_lease, call_refresh_endpoint',
    )
    expect(lines).toContain(
      '  refreshing --> reauthorization_required: refresh_rejected / persist mark_reauthorization_required, release_lock, emit reauthorization_required',
    )
    expect(lines).toContain('  disconnected --> active: authorized / persist create_connection, emit connected')
    expect(diagram).not.toContain('refreshing --> refreshing: refresh_started')
  })
})
