import {
  type ConnectionRecord,
  type ConnectionState,
  explainUnservable,
  isServable,
  RadioWorkflowError,
  type RandomBytes,
  type RefreshContext,
  TokenEndpointError,
} from '@rw/oauth-core'
import { type EmitDetails } from './connection-interpreter'
import type { RefreshDependencies, RefreshResult } from './refresh-connection'
export function settle(
  deps: RefreshDependencies,
  decision: 'refresh_adopted' | 'refresh_declined',
  record: ConnectionRecord | null,
  instanceKey: string,
): RefreshResult {
  if (decision === 'refresh_adopted' && record !== null) return { outcome: 'adopted', record }
  return serveOrThrow(deps, instanceKey, record, stateOf(record))
}

export function serveOrThrow(
  deps: RefreshDependencies,
  instanceKey: string,
  record: ConnectionRecord | null,
  state: ConnectionState,
): RefreshResult {
  const failure = explainUnservable(instanceKey, record, state, deps)
  if (record !== null && isServable(record, clockView(deps))) return { outcome: 'served_stale', record, failure }
  throw failure
}

export function settlingEvent(decision: 'refresh_adopted' | 'refresh_declined', record: ConnectionRecord | null) {
  return decision === 'refresh_adopted' && record !== null
    ? ({ type: 'refresh_adopted', record } as const)
    : ({ type: 'refresh_declined' } as const)
}

export function drawFraction(randomBytes: RandomBytes): number {
  const bytes = randomBytes(4)
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) / 2 ** 32
}

export function describeFailure(error: unknown): EmitDetails {
  const code = error instanceof RadioWorkflowError ? error.code : error instanceof Error ? error.name : typeof error
  return error instanceof TokenEndpointError ? { code, oauthError: error.oauthError } : { code }
}

export function clockView(deps: RefreshDependencies) {
  return { now: deps.now(), expiryPolicy: deps.expiryPolicy }
}

export function stateOf(record: ConnectionRecord | null): ConnectionState {
  return record === null ? 'disconnected' : record.status
}

export function contextFor(deps: RefreshDependencies, seenVersion: number): RefreshContext {
  return {
    seenVersion,
    now: deps.now(),
    expiryPolicy: deps.expiryPolicy,
    unresolvedRetryDelayMs: deps.unresolvedRetryDelayMs,
  }
}
