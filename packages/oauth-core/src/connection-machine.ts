// STUB
/**
 * Theory of operation: see the implementation's header comment. States per instance; events in,
 * next state and effects out, as plain data. Illegal transitions throw `IllegalTransitionError`.
 */
export type ConnectionState =
  | 'disconnected'
  | 'active'
  | 'refreshing'
  | 'refresh_outcome_unknown'
  | 'reauthorization_required'

export type ConnectionEvent =
  | 'authorized' // a code exchange stored a new record
  | 'refresh_started' // this process holds the lock and calls the refresh endpoint
  | 'refresh_succeeded' // new pair persisted
  | 'refresh_adopted' // another process refreshed; its newer record is used
  | 'refresh_failed' // transient failure (5xx, network before sending): back to active
  | 'refresh_lost' // response lost after sending: outcome unknown
  | 'refresh_rejected' // invalid_grant confirmed after re-reading the store
  | 'disconnected'

export type ConnectionEffect =
  | { readonly type: 'call_refresh_endpoint' }
  | { readonly type: 'persist'; readonly status: 'active' | 'refresh_outcome_unknown' | 'reauthorization_required' }
  | { readonly type: 'delete_record' }
  | { readonly type: 'release_lock' }
  | {
      readonly type: 'emit'
      readonly event: 'refreshed' | 'reauthorization_required' | 'refresh_outcome_unknown' | 'disconnected'
    }

export interface ConnectionTransition {
  readonly state: ConnectionState
  readonly effects: readonly ConnectionEffect[]
}

export function transitionConnection(state: ConnectionState, event: ConnectionEvent): ConnectionTransition {
  void state
  void event
  throw new Error('not implemented')
}
