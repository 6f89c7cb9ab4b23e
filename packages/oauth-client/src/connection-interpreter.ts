import {
  type ConnectionEventInput,
  type ConnectionRecord,
  type ConnectionState,
  createRefreshRequest,
  type HttpResponse,
  type PlannedConnectionEffect,
  type RadioWorkflowLogger,
  type ResolvedConfig,
  type SaveOutcome,
  stepConnection,
  type TokenStore,
} from '@rw/oauth-core'
import type { RadioWorkflowEventEmitter } from './event-emitter'
import type { HttpTransport } from './fetch-transport'
import type { KeptLease } from './lease-keeper'

/** The ports the interpreter performs effects against. */
export interface InterpreterPorts {
  readonly config: ResolvedConfig
  readonly store: TokenStore
  readonly transport: HttpTransport
  readonly events: RadioWorkflowEventEmitter
  readonly logger: RadioWorkflowLogger
  /** `true` when the store issued the leases (it is the lock), so it can check them on save. */
  readonly storeChecksLeases: boolean
  /** `check_lease` fails unless the lease is surely held this much longer (DESIGN.md rule 8). */
  readonly leaseSendMarginMs: number
}

/** The lease a refresh holds, if any; `release_lock` empties it. */
export interface LeaseSlot {
  current: KeptLease | null
}

/** Details for `emit` payloads that the record does not carry. */
export interface EmitDetails {
  readonly oauthError?: string
  /** The SDK error code of a failed refresh. */
  readonly code?: string
}

/**
 * How performing a step ended:
 * - `completed`: every effect performed; `state`/`record` are the step's.
 * - `answered` / `call_failed`: the refresh endpoint answered or failed; the caller feeds the next event.
 * - `lease_lapsed`: `check_lease` failed, nothing was sent; the marker is on the record.
 * - `conflicted`: a compare-and-set write or delete lost to another writer; the transition did not
 *   happen (`state`/`record` are still the previous ones, except for effects already performed).
 */
export type StepOutcome =
  | { readonly kind: 'completed'; readonly state: ConnectionState; readonly record: ConnectionRecord | null }
  | {
      readonly kind: 'answered'
      readonly state: ConnectionState
      readonly record: ConnectionRecord
      readonly response: HttpResponse
    }
  | {
      readonly kind: 'call_failed'
      readonly state: ConnectionState
      readonly record: ConnectionRecord
      readonly error: unknown
    }
  | { readonly kind: 'lease_lapsed'; readonly state: ConnectionState; readonly record: ConnectionRecord }
  | { readonly kind: 'conflicted'; readonly state: ConnectionState; readonly record: ConnectionRecord | null }

/**
 * The one interpreter of the connection machine: asks the core for the step (`stepConnection`) and
 * performs its effects in table order against the ports. Every refresh, code exchange and disconnect
 * of the runtime goes through here.
 */
export async function runConnectionStep(
  ports: InterpreterPorts,
  lease: LeaseSlot,
  state: ConnectionState,
  record: ConnectionRecord | null,
  event: ConnectionEventInput,
  details: EmitDetails = {},
): Promise<StepOutcome> {
  const step = stepConnection(state, record, event)
  let written = record
  for (const effect of step.effects) {
    switch (effect.type) {
      case 'persist': {
        const outcome = await persistRecord(ports, lease, effect)
        if (!outcome.saved) return { kind: 'conflicted', state, record: written }
        written = effect.record
        break
      }
      case 'delete_record': {
        const deleted = await ports.store.deleteConnection(effect.instanceKey, {
          expectedVersion: effect.expectedVersion,
        })
        if (!deleted) return { kind: 'conflicted', state, record }
        written = null
        break
      }
      case 'check_lease':
        if (lease.current === null || !lease.current.isHeldWithMargin(ports.leaseSendMarginMs)) {
          return { kind: 'lease_lapsed', state: step.state, record: written as ConnectionRecord }
        }
        break
      case 'call_refresh_endpoint':
        try {
          const response = await ports.transport(
            createRefreshRequest(ports.config, { refreshToken: effect.refreshToken }),
          )
          return { kind: 'answered', state: step.state, record: written as ConnectionRecord, response }
        } catch (error) {
          return { kind: 'call_failed', state: step.state, record: written as ConnectionRecord, error }
        }
      case 'release_lock':
        await releaseLease(lease)
        break
      case 'emit':
        emitEvent(ports.events, effect.event, step.record ?? record, details)
        break
    }
  }
  return { kind: 'completed', state: step.state, record: step.record }
}

/** Releases the held lease, if any; never throws for a lost one. */
export async function releaseLease(lease: LeaseSlot): Promise<void> {
  const held = lease.current
  if (held === null) return
  lease.current = null
  held.stop()
  await held.lease.release()
}

async function persistRecord(
  ports: InterpreterPorts,
  lease: LeaseSlot,
  effect: Extract<PlannedConnectionEffect, { type: 'persist' }>,
): Promise<SaveOutcome> {
  const held = ports.storeChecksLeases ? lease.current?.lease : undefined
  const base = { expectedVersion: effect.expectedVersion }
  const outcome = await ports.store.saveConnection(effect.record, held === undefined ? base : { ...base, lease: held })
  // Only the marker must be written under a live lease (nothing is sent otherwise). Any later write
  // falls back to the version check alone: it still never overwrites anything newer, and dropping a
  // pair the server issued (and maybe rotated to) would strand the connection.
  if (outcome.saved || outcome.reason !== 'lock_lost' || effect.change === 'record_attempt') return outcome
  ports.logger.warn('The refresh lock lease expired before saving; saving with the version check only.', {
    instanceKey: effect.record.instanceKey,
  })
  return ports.store.saveConnection(effect.record, base)
}

function emitEvent(
  events: RadioWorkflowEventEmitter,
  event: Extract<PlannedConnectionEffect, { type: 'emit' }>['event'],
  record: ConnectionRecord | null,
  details: EmitDetails,
): void {
  if (record === null) return
  const { instanceKey } = record
  switch (event) {
    case 'connected':
      events.emit('connected', { instanceKey, version: record.version })
      return
    case 'refreshed':
      events.emit('refreshed', { instanceKey, version: record.version, expiresAt: record.expiresAt })
      return
    case 'refresh_failed': {
      const backoff = record.refreshBackoff ?? null
      events.emit('refresh_failed', {
        instanceKey,
        code: details.code ?? 'unknown',
        attempt: backoff?.failures ?? 1,
        nextAttemptAt: backoff?.nextAttemptAt ?? null,
      })
      return
    }
    case 'recovered':
      events.emit('recovered', { instanceKey, version: record.version })
      return
    case 'reauthorization_required':
      events.emit('reauthorization_required', { instanceKey, oauthError: details.oauthError ?? 'invalid_grant' })
      return
    case 'refresh_outcome_unknown':
      events.emit('refresh_outcome_unknown', { instanceKey })
      return
    case 'disconnected':
      events.emit('disconnected', { instanceKey })
      return
  }
}
