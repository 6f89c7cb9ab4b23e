import type { ConnectionEffect, ConnectionEvent, ConnectionState, RecordChange } from './connection-machine'
import { transitionConnection } from './connection-machine'
import type { ConnectionRecord } from './connection-record'
import {
  applyRefreshedTokens,
  clearRefreshAttempt,
  createConnectionRecord,
  markAttemptUnresolved,
  markConnectionStatus,
  recordRefreshAttempt,
  recordRefreshFailure,
} from './connection-record-update'
import { UsageError } from './errors'
import type { RefreshAttempt } from './refresh-attempt'
import type { RefreshBackoff } from './refresh-backoff'
import type { TokenSet } from './token-set'

/** An event with the data its transition needs. */
export type ConnectionEventInput =
  | { readonly type: 'authorized'; readonly instanceKey: string; readonly tokens: TokenSet }
  | { readonly type: 'refresh_started'; readonly attempt: RefreshAttempt }
  | { readonly type: 'refresh_succeeded' | 'refresh_recovered'; readonly tokens: TokenSet }
  | { readonly type: 'refresh_failed'; readonly backoff: RefreshBackoff }
  | { readonly type: 'refresh_adopted'; readonly record: ConnectionRecord }
  | {
      readonly type: Exclude<
        ConnectionEvent,
        | 'authorized'
        | 'refresh_started'
        | 'refresh_succeeded'
        | 'refresh_recovered'
        | 'refresh_failed'
        | 'refresh_adopted'
      >
    }

/** An effect of the table with the data to perform it. */
export type PlannedConnectionEffect =
  | {
      readonly type: 'persist'
      readonly change: RecordChange
      readonly record: ConnectionRecord
      readonly expectedVersion: number | null
    }
  | { readonly type: 'delete_record'; readonly instanceKey: string; readonly expectedVersion: number }
  | { readonly type: 'call_refresh_endpoint'; readonly refreshToken: string }
  | Exclude<ConnectionEffect, { readonly type: 'persist' | 'delete_record' | 'call_refresh_endpoint' }>

/** What {@link stepConnection} returns: the next state, the record after it, and the effects in order. */
export interface ConnectionStep {
  readonly state: ConnectionState
  /** The record once the effects are performed (`null`: none stored). */
  readonly record: ConnectionRecord | null
  readonly effects: readonly PlannedConnectionEffect[]
}

/**
 * The machine's step: for `event` in `state` with the `record` this process holds, the next state,
 * the next record (computed by the table's `persist` change) and the effects with their data, in
 * table order. Pure; throws `IllegalTransitionError` for an illegal event and `UsageError` when the
 * event lacks what its transition needs.
 *
 * @example
 * ```ts
 * const step = stepConnection('active', record, { type: 'refresh_started', attempt })
 * // step.state 'refreshing'; step.effects: persist (marker, expectedVersion record.version), check_lease, call_refresh_endpoint
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function stepConnection(
  state: ConnectionState,
  record: ConnectionRecord | null,
  event: ConnectionEventInput,
): ConnectionStep {
  const transition = transitionConnection(state, event.type)
  let next = event.type === 'refresh_adopted' ? event.record : record
  const effects: PlannedConnectionEffect[] = []
  for (const effect of transition.effects) {
    switch (effect.type) {
      case 'persist': {
        const written = changeRecord(effect.change, record, event)
        effects.push({ ...effect, record: written, expectedVersion: record?.version ?? null })
        next = written
        break
      }
      case 'delete_record':
        effects.push({
          type: 'delete_record',
          instanceKey: requireRecord(record).instanceKey,
          expectedVersion: requireRecord(record).version,
        })
        next = null
        break
      case 'call_refresh_endpoint': {
        const { refreshToken } = requireRecord(record)
        if (refreshToken === null) throw new UsageError('refresh_started needs a record with a refresh token.')
        effects.push({ type: 'call_refresh_endpoint', refreshToken })
        break
      }
      default:
        effects.push(effect)
    }
  }
  if (transition.state === 'disconnected') next = null
  return { state: transition.state, record: next, effects }
}

function changeRecord(
  change: RecordChange,
  record: ConnectionRecord | null,
  event: ConnectionEventInput,
): ConnectionRecord {
  switch (change) {
    case 'create_connection': {
      if (event.type !== 'authorized') throw new UsageError('create_connection needs an authorized event.')
      return createConnectionRecord(event.instanceKey, event.tokens, record)
    }
    case 'record_attempt': {
      if (event.type !== 'refresh_started') throw new UsageError('record_attempt needs a refresh_started event.')
      return recordRefreshAttempt(requireRecord(record), event.attempt)
    }
    case 'apply_tokens': {
      if (event.type !== 'refresh_succeeded' && event.type !== 'refresh_recovered') {
        throw new UsageError('apply_tokens needs a refresh_succeeded or refresh_recovered event.')
      }
      return applyRefreshedTokens(requireRecord(record), event.tokens)
    }
    case 'clear_attempt':
      return clearRefreshAttempt(requireRecord(record))
    case 'record_failure': {
      if (event.type !== 'refresh_failed') throw new UsageError('record_failure needs a refresh_failed event.')
      return recordRefreshFailure(requireRecord(record), event.backoff)
    }
    case 'mark_outcome_unknown':
      // The marker stays: a request that timed out may still reach the server, so its refresh token is
      // not resent before the marker's retry is due (see `retryDueAt`), and its sender may still save.
      return markAttemptUnresolved(requireRecord(record))
    case 'mark_reauthorization_required':
      return markConnectionStatus(requireRecord(record), 'reauthorization_required')
  }
}

function requireRecord(record: ConnectionRecord | null): ConnectionRecord {
  if (record === null) throw new UsageError('This transition needs the stored connection record.')
  return record
}
