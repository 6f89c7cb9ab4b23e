/**
 * Theory of operation
 *
 * One machine per (process, instance). Its state is what this process knows: `refreshing` means
 * *this* process holds the instance's refresh lock and has a refresh call in flight; every other
 * state is the `status` of the stored record (`disconnected`: no record). Other processes
 * never see `refreshing`; they see a held lock, wait to be woken, re-read, and `refresh_adopted`.
 *
 * The runtime takes the lock and re-reads the record *before* sending `refresh_started`, and
 * re-reads again before reporting an outcome: if the stored version moved meanwhile, it reports
 * `refresh_adopted` instead (rules 3 and 6 of DESIGN.md), and if the record is gone,
 * `disconnected`. Every transition out of `refreshing` releases the lock, and `refresh_started`
 * is illegal while refreshing, so a process can never have two refreshes in flight. A rejected
 * grant goes to `reauthorization_required`, from which only a new authorization or a disconnect
 * leads out: a rejected refresh is never retried.
 *
 * Effects are data for the runtime, performed in order:
 * - `call_refresh_endpoint`: send `createRefreshRequest` (lease extended while it is in flight).
 * - `persist`: compare-and-set the record with this status (after `refresh_succeeded`, with the
 *   new tokens via `applyRefreshedTokens`; otherwise via `markConnectionStatus`, skipped when the
 *   record already has that status). Always before `release_lock`, so waiters read the result.
 * - `delete_record`, `release_lock`, `emit`.
 *
 * The table is total over states × events (the compiler checks it); `null` marks an illegal
 * event, which throws `IllegalTransitionError` and changes nothing.
 */
import { IllegalTransitionError } from './errors'

/**
 * A connection's state as this process sees it: the stored `status`, or `refreshing` while this process
 * holds the lock and has a refresh call in flight (theory of operation above). Rendered as a diagram
 * in the README.
 */
export type ConnectionState =
  | 'disconnected'
  | 'active'
  | 'refreshing'
  | 'refresh_outcome_unknown'
  | 'reauthorization_required'

/** What happened to a connection; fed to {@link transitionConnection} by the runtime. */
export type ConnectionEvent =
  | 'authorized' // a code exchange stored a new record
  | 'refresh_started' // this process holds the lock and calls the refresh endpoint
  | 'refresh_succeeded' // new pair persisted
  | 'refresh_adopted' // another process refreshed; its newer record is used
  | 'refresh_failed' // transient failure (5xx, network before sending): back to active
  | 'refresh_lost' // response lost after sending: outcome unknown
  | 'refresh_rejected' // invalid_grant confirmed after re-reading the store
  | 'disconnected'

/**
 * What the runtime must do after a transition, in order: call the refresh endpoint, persist a status,
 * delete the record, release the lock or emit an event.
 */
export type ConnectionEffect =
  | { readonly type: 'call_refresh_endpoint' }
  | { readonly type: 'persist'; readonly status: 'active' | 'refresh_outcome_unknown' | 'reauthorization_required' }
  | { readonly type: 'delete_record' }
  | { readonly type: 'release_lock' }
  | {
      readonly type: 'emit'
      readonly event: 'refreshed' | 'reauthorization_required' | 'refresh_outcome_unknown' | 'disconnected'
    }

/** One cell of the transition table: the next state and the effects to perform. */
export interface ConnectionTransition {
  readonly state: ConnectionState
  readonly effects: readonly ConnectionEffect[]
}

/** Every state × every event; `null` = illegal. */
export type ConnectionTransitionTable = {
  readonly [S in ConnectionState]: { readonly [E in ConnectionEvent]: ConnectionTransition | null }
}

const callRefresh = { type: 'call_refresh_endpoint' } as const
const releaseLock = { type: 'release_lock' } as const
const deleteRecord = { type: 'delete_record' } as const
const emitDisconnected = { type: 'emit', event: 'disconnected' } as const

function to(state: ConnectionState, ...effects: ConnectionEffect[]): ConnectionTransition {
  return Object.freeze({ state, effects: Object.freeze(effects) })
}

/**
 * The connection state machine as data. Used by {@link transitionConnection} and
 * {@link renderConnectionStateDiagram}.
 *
 * @example
 * ```ts
 * CONNECTION_TRANSITIONS.active.refresh_started // { state: 'refreshing', effects: [{ type: 'call_refresh_endpoint' }] }
 * ```
 */
export const CONNECTION_TRANSITIONS: ConnectionTransitionTable = {
  disconnected: {
    authorized: to('active'),
    refresh_started: null,
    refresh_succeeded: null,
    refresh_adopted: null,
    refresh_failed: null,
    refresh_lost: null,
    refresh_rejected: null,
    disconnected: to('disconnected'),
  },
  active: {
    authorized: to('active'),
    refresh_started: to('refreshing', callRefresh),
    refresh_succeeded: null,
    refresh_adopted: to('active'),
    refresh_failed: null,
    refresh_lost: null,
    refresh_rejected: null,
    disconnected: to('disconnected', deleteRecord, emitDisconnected),
  },
  refreshing: {
    authorized: to('refreshing'),
    refresh_started: null,
    refresh_succeeded: to('active', { type: 'persist', status: 'active' }, releaseLock, {
      type: 'emit',
      event: 'refreshed',
    }),
    refresh_adopted: to('active', releaseLock),
    refresh_failed: to('active', { type: 'persist', status: 'active' }, releaseLock),
    refresh_lost: to('refresh_outcome_unknown', { type: 'persist', status: 'refresh_outcome_unknown' }, releaseLock, {
      type: 'emit',
      event: 'refresh_outcome_unknown',
    }),
    refresh_rejected: to(
      'reauthorization_required',
      { type: 'persist', status: 'reauthorization_required' },
      releaseLock,
      { type: 'emit', event: 'reauthorization_required' },
    ),
    disconnected: to('disconnected', deleteRecord, releaseLock, emitDisconnected),
  },
  refresh_outcome_unknown: {
    authorized: to('active'),
    refresh_started: to('refreshing', callRefresh),
    refresh_succeeded: null,
    refresh_adopted: to('active'),
    refresh_failed: null,
    refresh_lost: null,
    refresh_rejected: null,
    disconnected: to('disconnected', deleteRecord, emitDisconnected),
  },
  reauthorization_required: {
    authorized: to('active'),
    refresh_started: null,
    refresh_succeeded: null,
    refresh_adopted: null,
    refresh_failed: null,
    refresh_lost: null,
    refresh_rejected: null,
    disconnected: to('disconnected', deleteRecord, emitDisconnected),
  },
}

/** All states, in table order. */
export const CONNECTION_STATES = Object.freeze(Object.keys(CONNECTION_TRANSITIONS) as ConnectionState[])
/** All events, in table order. */
export const CONNECTION_EVENTS = Object.freeze(Object.keys(CONNECTION_TRANSITIONS.active) as ConnectionEvent[])

/**
 * The next state and the effects to perform for `event` in `state`. Throws
 * `IllegalTransitionError` for an event the table does not allow; nothing changes then.
 *
 * @example
 * ```ts
 * const { state, effects } = transitionConnection('refreshing', 'refresh_rejected')
 * // state: 'reauthorization_required'; effects: persist, release_lock, emit
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function transitionConnection(state: ConnectionState, event: ConnectionEvent): ConnectionTransition {
  const row: Partial<Record<string, ConnectionTransition | null>> | undefined = Object.hasOwn(
    CONNECTION_TRANSITIONS,
    state,
  )
    ? CONNECTION_TRANSITIONS[state]
    : undefined
  const transition = row !== undefined && Object.hasOwn(row, event) ? row[event] : undefined
  if (transition === undefined || transition === null) throw new IllegalTransitionError(String(state), String(event))
  return transition
}
