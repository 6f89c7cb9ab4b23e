// STUB
import type { ConnectionRecord, StoredConnectionStatus } from './connection-record'
import type { TokenSet } from './token-response'

/** A record for a fresh code exchange: version = previous version + 1 (1 when none). */
export function createConnectionRecord(instanceKey: string, tokens: TokenSet, previous: ConnectionRecord | null): ConnectionRecord {
  void instanceKey
  void tokens
  void previous
  throw new Error('not implemented')
}

/** The record after a successful refresh: new tokens, `active`, version + 1, `lastRefreshAt` = tokens.obtainedAt. */
export function applyRefreshedTokens(record: ConnectionRecord, tokens: TokenSet): ConnectionRecord {
  void record
  void tokens
  throw new Error('not implemented')
}

/** The record with a new status, version + 1. */
export function markConnectionStatus(record: ConnectionRecord, status: StoredConnectionStatus): ConnectionRecord {
  void record
  void status
  throw new Error('not implemented')
}
