import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  CONNECTION_EVENTS,
  CONNECTION_TRANSITIONS,
  type ConnectionEvent,
  type ConnectionState,
  transitionConnection,
} from './connection-machine'
import type { ConnectionRecord } from './connection-record'
import { parseConnectionRecord, serializeConnectionRecord } from './connection-record-serialization'
import { applyRefreshedTokens, createConnectionRecord, markConnectionStatus } from './connection-record-update'
import { IllegalTransitionError } from './errors'
import { processTokenResponse } from './token-response'

/**
 * A model of several processes sharing one store and one refresh lock per instance. Each
 * process's machine state is derived from the shared world exactly as the theory of operation
 * says (holding the lock = `refreshing`, else the stored status), events go through
 * `transitionConnection`, and effects are interpreted like a runtime would. The checks are the
 * DESIGN.md guarantees, evaluated after every step.
 */
type Outcome = 'refresh_succeeded' | 'refresh_failed' | 'refresh_lost' | 'refresh_rejected'
type Action =
  | {
      readonly kind: 'connect' | 'start_refresh' | 'adopt' | 'disconnect'
      readonly process: number
      readonly instance: number
    }
  | {
      readonly kind: 'finish_refresh'
      readonly process: number
      readonly instance: number
      readonly outcome: Outcome
      readonly rotate: boolean
    }

const INSTANCES = ['desert', 'tenant:{a}', 'tenant:{b}']

class World {
  readonly store = new Map<string, ConnectionRecord>()
  readonly lock = new Map<string, number>()
  readonly inFlight = new Map<string, { readonly process: number; readonly snapshot: ConnectionRecord }>()
  readonly tokenOwner = new Map<string, string>()
  readonly emitted: string[] = []
  #issued = 0
  now = 1_700_000_000_000

  stateOf(process: number, instance: string): ConnectionState {
    return this.lock.get(instance) === process ? 'refreshing' : (this.store.get(instance)?.status ?? 'disconnected')
  }

  issueTokens(instance: string, rotate: boolean, previousRefreshToken: string | null) {
    this.#issued++
    const accessToken = `at-${this.#issued}`
    const refreshToken = `rt-${this.#issued}`
    this.tokenOwner.set(accessToken, instance)
    this.tokenOwner.set(refreshToken, instance)
    this.now += 1000
    const body = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: 3600,
      ...(rotate ? { refresh_token: refreshToken } : {}),
    }
    return processTokenResponse(
      { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      { now: this.now, requestedScopes: ['basic'], previousRefreshToken },
    )
  }

  write(instance: string, record: ConnectionRecord) {
    const previous = this.store.get(instance)
    expect(record.instanceKey).toBe(instance)
    expect(record.version).toBe(previous === undefined ? 1 : previous.version + 1)
    // Stores keep records as serialized text: round-trip like they do.
    this.store.set(instance, parseConnectionRecord(serializeConnectionRecord(record)))
  }

  fingerprint(): string {
    return JSON.stringify({
      store: [...this.store].map(([key, record]) => [key, serializeConnectionRecord(record)]),
      lock: [...this.lock],
      inFlight: [...this.inFlight.keys()],
      emitted: this.emitted.length,
    })
  }
}

function eventFor(world: World, action: Action, instance: string): ConnectionEvent | null {
  switch (action.kind) {
    case 'connect':
      return 'authorized'
    case 'start_refresh':
      // A process that sees the lock taken waits instead of refreshing (rule 2).
      return world.lock.has(instance) && world.lock.get(instance) !== action.process ? null : 'refresh_started'
    case 'adopt':
      // Woken after another process's refresh: adopting means taking that (active) record.
      return world.store.get(instance)?.status === 'active' ? 'refresh_adopted' : null
    case 'disconnect':
      return 'disconnected'
    case 'finish_refresh': {
      const flight = world.inFlight.get(instance)
      if (flight === undefined || flight.process !== action.process) return action.outcome
      const current = world.store.get(instance)
      // Rules 3 and 6: re-read before acting on the outcome.
      if (current === undefined) return 'disconnected'
      return current.version === flight.snapshot.version ? action.outcome : 'refresh_adopted'
    }
  }
}

function step(world: World, action: Action) {
  const instance = INSTANCES[action.instance]!
  const event = eventFor(world, action, instance)
  if (event === null) return
  const before = world.fingerprint()
  const state = world.stateOf(action.process, instance)
  let transition: ReturnType<typeof transitionConnection>
  try {
    transition = transitionConnection(state, event)
  } catch (error) {
    expect(error).toBeInstanceOf(IllegalTransitionError)
    expect(CONNECTION_TRANSITIONS[state][event]).toBeNull()
    expect(world.fingerprint()).toBe(before)
    return
  }

  if (event === 'authorized') {
    const tokens = world.issueTokens(instance, true, null)
    world.write(instance, createConnectionRecord(instance, tokens, world.store.get(instance) ?? null))
  }
  if (event === 'refresh_started') world.lock.set(instance, action.process)

  for (const effect of transition.effects) {
    switch (effect.type) {
      case 'call_refresh_endpoint': {
        expect(world.inFlight.has(instance), 'a second refresh in flight').toBe(false)
        world.inFlight.set(instance, { process: action.process, snapshot: world.store.get(instance)! })
        break
      }
      case 'persist': {
        const record = world.store.get(instance)!
        if (event === 'refresh_succeeded') {
          const presented = record.refreshToken!
          const owner = world.tokenOwner.get(presented)!
          const rotate = action.kind === 'finish_refresh' && action.rotate
          world.write(instance, applyRefreshedTokens(record, world.issueTokens(owner, rotate, presented)))
        } else if (record.status !== effect.status) {
          world.write(instance, markConnectionStatus(record, effect.status))
        }
        break
      }
      case 'delete_record':
        world.store.delete(instance)
        break
      case 'release_lock':
        if (world.lock.get(instance) === action.process) {
          world.lock.delete(instance)
          world.inFlight.delete(instance)
        }
        break
      case 'emit':
        world.emitted.push(effect.event)
        break
    }
  }

  expect(world.stateOf(action.process, instance), `${state} + ${event}`).toBe(transition.state)
}

function hasWayOut(state: ConnectionState): boolean {
  const seen = new Set<ConnectionState>()
  const queue: ConnectionState[] = [state]
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    if (current === 'active' || current === 'disconnected') return true
    seen.add(current)
    for (const event of CONNECTION_EVENTS) {
      const next = CONNECTION_TRANSITIONS[current][event]?.state
      if (next !== undefined && !seen.has(next)) queue.push(next)
    }
  }
  return false
}

function checkInvariants(world: World, processCount: number) {
  for (const instance of INSTANCES) {
    // At most one refresh in flight per instance, and only by the lock holder.
    const flight = world.inFlight.get(instance)
    if (flight !== undefined) expect(world.lock.get(instance)).toBe(flight.process)
    if (world.lock.has(instance)) expect(flight).toBeDefined()
    // A token never crosses instances.
    const record = world.store.get(instance)
    if (record !== undefined) {
      expect(world.tokenOwner.get(record.accessToken)).toBe(instance)
      expect(world.tokenOwner.get(record.refreshToken!)).toBe(instance)
    }
    // Every state any process can be in has a way out.
    for (let process = 0; process < processCount; process++)
      expect(hasWayOut(world.stateOf(process, instance))).toBe(true)
  }
}

function actionArbitrary(processCount: number): fc.Arbitrary<Action> {
  const process = fc.nat({ max: processCount - 1 })
  const instance = fc.nat({ max: INSTANCES.length - 1 })
  return fc.oneof(
    fc.record({
      kind: fc.constantFrom('connect', 'start_refresh', 'adopt', 'disconnect') as fc.Arbitrary<'connect'>,
      process,
      instance,
    }),
    fc.record({
      kind: fc.constant('finish_refresh' as const),
      process,
      instance,
      outcome: fc.constantFrom<Outcome>('refresh_succeeded', 'refresh_failed', 'refresh_lost', 'refresh_rejected'),
      rotate: fc.boolean(),
    }),
    // Weight refresh activity up so races between processes happen often.
    fc.record({ kind: fc.constant('start_refresh' as const), process, instance }),
  )
}

describe('connection machine across processes (property)', () => {
  test('one refresh in flight per instance, tokens stay with their instance, versions grow by one, every state has a way out', () => {
    const scenario = fc
      .integer({ min: 1, max: 4 })
      .chain((processCount) =>
        fc.tuple(fc.constant(processCount), fc.array(actionArbitrary(processCount), { minLength: 1, maxLength: 60 })),
      )
    fc.assert(
      fc.property(scenario, ([processCount, actions]) => {
        const world = new World()
        for (const action of actions) {
          step(world, action)
          checkInvariants(world, processCount)
        }
      }),
      { numRuns: 300 },
    )
  })

  test('the model does reach every state, so the property is not vacuous', () => {
    const visited = new Set<ConnectionState>()
    fc.assert(
      fc.property(fc.array(actionArbitrary(3), { minLength: 20, maxLength: 60 }), (actions) => {
        const world = new World()
        for (const action of actions) {
          step(world, action)
          for (let process = 0; process < 3; process++) visited.add(world.stateOf(process, INSTANCES[action.instance]!))
        }
      }),
      { numRuns: 200, seed: 42 },
    )
    expect([...visited].sort()).toEqual([
      'active',
      'disconnected',
      'reauthorization_required',
      'refresh_outcome_unknown',
      'refreshing',
    ])
  })
})
