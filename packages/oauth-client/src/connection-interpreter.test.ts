import {
  CONNECTION_EVENTS,
  CONNECTION_STATES,
  CONNECTION_TRANSITIONS,
  type ConnectionEvent,
  type ConnectionEventInput,
  type ConnectionRecord,
  type ConnectionState,
  createConnectionRecord,
  createRefreshAttempt,
  createTokenSet,
  type LockLease,
  markConnectionStatus,
  recordRefreshAttempt,
  resolveConfig,
  type TokenStore,
} from '@rw/oauth-core'
import { describe, expect, test } from 'vitest'
import { type InterpreterPorts, type LeaseSlot, runConnectionStep } from './connection-interpreter'
import { createEventEmitter } from './event-emitter'

const tokens = (n: number) =>
  createTokenSet({
    accessToken: `at-${n}`,
    refreshToken: `rt-${n}`,
    tokenType: 'Bearer',
    scopes: ['basic'],
    expiresAt: 3_600_000 + n,
    obtainedAt: n,
  })
const connected = createConnectionRecord('desert', tokens(1), null)
const attempt = createRefreshAttempt({ id: 'a', now: 1, leaseMs: 30_000 })

/** A record in `state` as the runtime would hold it when feeding an event there. */
function recordIn(state: ConnectionState): ConnectionRecord | null {
  switch (state) {
    case 'disconnected':
      return null
    case 'refreshing':
      return recordRefreshAttempt(connected, attempt)
    case 'active':
      return connected
    default:
      return markConnectionStatus(connected, state)
  }
}

function eventInput(event: ConnectionEvent): ConnectionEventInput {
  switch (event) {
    case 'authorized':
      return { type: 'authorized', instanceKey: 'desert', tokens: tokens(2) }
    case 'refresh_started':
      return { type: 'refresh_started', attempt }
    case 'refresh_succeeded':
    case 'refresh_recovered':
      return { type: event, tokens: tokens(3) }
    case 'refresh_failed':
      return { type: 'refresh_failed', backoff: { failures: 1, nextAttemptAt: 10, lastCode: 'token_response_invalid' } }
    case 'refresh_adopted':
      return { type: 'refresh_adopted', record: createConnectionRecord('desert', tokens(9), connected) }
    default:
      return { type: event }
  }
}

/** Ports that record every action the interpreter performs, in order, and always succeed. */
function createRecordingPorts(actions: string[]): { ports: InterpreterPorts; lease: LeaseSlot } {
  const store = {
    async saveConnection() {
      actions.push('persist')
      return { saved: true }
    },
    async deleteConnection() {
      actions.push('delete_record')
      return true
    },
  } as unknown as TokenStore
  const events = createEventEmitter({ debug() {}, warn() {}, error() {} })
  for (const name of [
    'connected',
    'refreshed',
    'recovered',
    'refresh_failed',
    'reauthorization_required',
    'refresh_outcome_unknown',
    'disconnected',
  ] as const) {
    events.on(name, () => actions.push(`emit ${name}`))
  }
  const heldLease = {
    lease: {
      instanceKey: 'desert',
      owner: 'o',
      extend: async () => true,
      release: async () => {
        actions.push('release_lock')
      },
    } satisfies LockLease,
    isHeldWithMargin: () => {
      actions.push('check_lease')
      return true
    },
    stop() {},
  }
  const ports: InterpreterPorts = {
    config: resolveConfig({
      partnerKey: 'pk',
      partnerSecret: 'secret',
      redirectUri: 'https://partner.example/cb',
      endpoints: { token: 'https://rw.example/token', refresh: 'https://rw.example/refresh' },
    }),
    store,
    transport: async () => {
      actions.push('call_refresh_endpoint')
      return { status: 200, headers: {}, body: '{}' }
    },
    events,
    logger: { debug() {}, warn() {}, error() {} },
    storeChecksLeases: true,
    leaseSendMarginMs: 0,
  }
  return { ports, lease: { current: heldLease } }
}

describe('runConnectionStep performs exactly the table cell, in order', () => {
  const legal = CONNECTION_STATES.flatMap((state) =>
    CONNECTION_EVENTS.filter((event) => CONNECTION_TRANSITIONS[state][event] !== null).map(
      (event) => [state, event] as const,
    ),
  )

  test.each(legal)('%s + %s', async (state, event) => {
    const actions: string[] = []
    const { ports, lease } = createRecordingPorts(actions)
    const outcome = await runConnectionStep(ports, lease, state, recordIn(state), eventInput(event))
    const cell = CONNECTION_TRANSITIONS[state][event]
    const expected = (cell?.effects ?? []).map((effect) =>
      effect.type === 'emit' ? `emit ${effect.event}` : effect.type,
    )
    expect(actions).toEqual(expected)
    const calls = expected.includes('call_refresh_endpoint')
    expect(outcome.kind).toBe(calls ? 'answered' : 'completed')
    expect(outcome.state).toBe(cell?.state)
  })
})
