/**
 * Theory of operation
 *
 * One machine per (process, instance). Its state is what this process knows: `refreshing` means
 * *this* process holds the instance's refresh lock and has written its refresh marker; every other
 * state is the `status` of the stored record (`disconnected`: no record). Other processes never see
 * `refreshing`; they see a held lock and wait to be woken, or a marker on the record.
 *
 * A refresh runs as events fed by the runtime's interpreter (`@rw/oauth-client`):
 * 1. The runtime takes the lock and re-reads the record, then asks {@link decideRefresh} (the
 *    table's guards) which event applies: `refresh_adopted` (someone else already refreshed),
 *    `refresh_declined` (nothing may be sent now), `attempt_unresolved` (another sender's marker
 *    outlived its lease: its outcome is unknown, so its refresh token must not be sent again), or
 *    `refresh_started`.
 * 2. `refresh_started` persists the write-ahead marker, checks the lease on a monotonic clock and
 *    only then calls the refresh endpoint (DESIGN.md rule 8): a refresh token is presented at most
 *    once by this SDK whatever happens to processes and Redis.
 * 3. The response becomes `refresh_succeeded` (`refresh_recovered` after earlier failures),
 *    `refresh_failed` (not delivered, or refused without rotation: the record gets a backoff every
 *    process honours), `refresh_lost` (may have been delivered: the marker stays, and the one retry
 *    waits until it is due, since a timed-out request may still arrive), `refresh_rejected` (`invalid_grant`,
 *    after a re-read found nothing newer) or `refresh_adopted` (the re-read found something newer);
 *    `refresh_abandoned` when the lease check failed and nothing was sent.
 *
 * Effects are data, performed by the interpreter in table order: `persist` (compare-and-set of the
 * next record computed here, always before `release_lock` so woken waiters read the result, and
 * always before the access token is handed to anyone), `check_lease`, `call_refresh_endpoint`,
 * `delete_record`, `release_lock` (a no-op for a process that holds no lease) and `emit`.
 *
 * The table is total over states × events (the compiler checks it); `null` marks an illegal
 * event, which throws `IllegalTransitionError` and changes nothing.
 */

import { IllegalTransitionError } from './errors'

/**
 * A connection's state as this process sees it: the stored `status`, or `refreshing` while this process
 * holds the lock and has a refresh call under way (theory of operation above). Rendered as a diagram
 * in the README.
 */
export type ConnectionState =
  | 'disconnected'
  | 'active'
  | 'refreshing'
  | 'refresh_outcome_unknown'
  | 'reauthorization_required'

/** What happened to a connection; fed to {@link stepConnection} by the runtime's interpreter. */
export type ConnectionEvent =
  | 'authorized' // a code exchange returned a new pair
  | 'refresh_started' // this process holds the lock; marker written next, then the call
  | 'refresh_succeeded' // the refresh endpoint issued a new pair
  | 'refresh_recovered' // ... after earlier failures of this instance (its backoff ends)
  | 'refresh_adopted' // another writer stored a newer usable record; it is used, nothing is sent
  | 'refresh_declined' // nothing may be sent now (no refresh token, retry not due, grant rejected, gone)
  | 'attempt_unresolved' // another sender's marker outlived its lease: outcome unknown
  | 'refresh_abandoned' // the lease may have lapsed before sending: nothing was sent
  | 'refresh_failed' // not delivered, or a transient error that rotated nothing
  | 'refresh_lost' // sent, answer unusable: the server may have rotated
  | 'refresh_rejected' // invalid_grant confirmed after re-reading the store
  | 'disconnected'

/** How `persist` computes the record it writes (each a constructor in `connection-record-update`). */
export type RecordChange =
  | 'create_connection'
  | 'record_attempt'
  | 'apply_tokens'
  | 'clear_attempt'
  | 'record_failure'
  | 'mark_outcome_unknown'
  | 'mark_reauthorization_required'

/** Events the runtime publishes to `rw.on(...)` listeners. */
export type EmittedConnectionEvent =
  | 'connected'
  | 'refreshed'
  | 'refresh_failed'
  | 'recovered'
  | 'reauthorization_required'
  | 'refresh_outcome_unknown'
  | 'disconnected'

/** What the runtime must do after a transition, in order. */
export type ConnectionEffect =
  | { readonly type: 'persist'; readonly change: RecordChange }
  | { readonly type: 'check_lease' }
  | { readonly type: 'call_refresh_endpoint' }
  | { readonly type: 'delete_record' }
  | { readonly type: 'release_lock' }
  | { readonly type: 'emit'; readonly event: EmittedConnectionEvent }

/** One cell of the transition table: the next state and the effects to perform. */
export interface ConnectionTransition {
  readonly state: ConnectionState
  readonly effects: readonly ConnectionEffect[]
}

/** Every state × every event; `null` = illegal. */
export type ConnectionTransitionTable = {
  readonly [S in ConnectionState]: { readonly [E in ConnectionEvent]: ConnectionTransition | null }
}

const persist = (change: RecordChange) => ({ type: 'persist', change }) as const
const emit = (event: EmittedConnectionEvent) => ({ type: 'emit', event }) as const
const checkLease = { type: 'check_lease' } as const
const callRefresh = { type: 'call_refresh_endpoint' } as const
const releaseLock = { type: 'release_lock' } as const
const deleteRecord = { type: 'delete_record' } as const

function to(state: ConnectionState, ...effects: ConnectionEffect[]): ConnectionTransition {
  return Object.freeze({ state, effects: Object.freeze(effects) })
}

const connect = to('active', persist('create_connection'), emit('connected'))
const startRefresh = to('refreshing', persist('record_attempt'), checkLease, callRefresh)
const disconnect = to('disconnected', deleteRecord, emit('disconnected'))
const adopt = to('active', releaseLock)

/**
 * The connection state machine as data: the whole refresh protocol. Driven by {@link stepConnection}
 * and rendered by {@link renderConnectionStateDiagram}.
 *
 * @example
 * ```ts
 * CONNECTION_TRANSITIONS.active.refresh_started.effects // persist record_attempt, check_lease, call_refresh_endpoint
 * ```
 */
export const CONNECTION_TRANSITIONS: ConnectionTransitionTable = {
  disconnected: {
    authorized: connect,
    refresh_started: null,
    refresh_succeeded: null,
    refresh_recovered: null,
    refresh_adopted: null,
    refresh_declined: to('disconnected', releaseLock),
    attempt_unresolved: null,
    refresh_abandoned: null,
    refresh_failed: null,
    refresh_lost: null,
    refresh_rejected: null,
    disconnected: to('disconnected'),
  },
  active: {
    authorized: connect,
    refresh_started: startRefresh,
    refresh_succeeded: null,
    refresh_recovered: null,
    refresh_adopted: adopt,
    refresh_declined: to('active', releaseLock),
    attempt_unresolved: to(
      'refresh_outcome_unknown',
      persist('mark_outcome_unknown'),
      releaseLock,
      emit('refresh_outcome_unknown'),
    ),
    refresh_abandoned: null,
    refresh_failed: null,
    refresh_lost: null,
    refresh_rejected: null,
    disconnected: disconnect,
  },
  refreshing: {
    authorized: null,
    refresh_started: null,
    refresh_succeeded: to('active', persist('apply_tokens'), releaseLock, emit('refreshed')),
    refresh_recovered: to('active', persist('apply_tokens'), releaseLock, emit('refreshed'), emit('recovered')),
    refresh_adopted: adopt,
    refresh_declined: null,
    attempt_unresolved: null,
    refresh_abandoned: to('active', persist('clear_attempt'), releaseLock),
    refresh_failed: to('active', persist('record_failure'), releaseLock, emit('refresh_failed')),
    refresh_lost: to(
      'refresh_outcome_unknown',
      persist('mark_outcome_unknown'),
      releaseLock,
      emit('refresh_outcome_unknown'),
    ),
    refresh_rejected: to(
      'reauthorization_required',
      persist('mark_reauthorization_required'),
      releaseLock,
      emit('reauthorization_required'),
    ),
    disconnected: to('disconnected', releaseLock),
  },
  refresh_outcome_unknown: {
    authorized: connect,
    refresh_started: startRefresh,
    refresh_succeeded: null,
    refresh_recovered: null,
    refresh_adopted: adopt,
    refresh_declined: to('refresh_outcome_unknown', releaseLock),
    attempt_unresolved: to('refresh_outcome_unknown', releaseLock),
    refresh_abandoned: null,
    refresh_failed: null,
    refresh_lost: null,
    refresh_rejected: null,
    disconnected: disconnect,
  },
  reauthorization_required: {
    authorized: connect,
    refresh_started: null,
    refresh_succeeded: null,
    refresh_recovered: null,
    refresh_adopted: null,
    refresh_declined: to('reauthorization_required', releaseLock),
    attempt_unresolved: null,
    refresh_abandoned: null,
    refresh_failed: null,
    refresh_lost: null,
    refresh_rejected: null,
    disconnected: disconnect,
  },
}

/** All states, in table order. */
export const CONNECTION_STATES = Object.freeze(Object.keys(CONNECTION_TRANSITIONS) as ConnectionState[])
/** All events, in table order. */
export const CONNECTION_EVENTS = Object.freeze(Object.keys(CONNECTION_TRANSITIONS.active) as ConnectionEvent[])

/**
 * The table cell for `event` in `state`. Throws `IllegalTransitionError` for an event the table does
 * not allow; nothing changes then.
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
