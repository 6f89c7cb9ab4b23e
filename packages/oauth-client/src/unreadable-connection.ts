import { type ConnectionRecord, RadioWorkflowError, type TokenStore } from '@rw/oauth-core'
import type { RadioWorkflowEventEmitter } from './event-emitter'
import type { RadioWorkflowLogger } from './radio-workflow-types'

/** What reading or deleting an unreadable record needs. */
export interface UnreadableConnectionDependencies {
  readonly store: TokenStore
  readonly logger: RadioWorkflowLogger
}

function isUnreadable(error: unknown): boolean {
  return error instanceof RadioWorkflowError && error.code === 'store_corrupted'
}

/**
 * The instance's record before a reconnect, so the new pair can be stored. A record the store cannot read
 * (plaintext after encryption was turned on, a key that left the ring, tampered, a key of the wrong Redis
 * type) is deleted with a warning: the reconnect replaces it. Runs *before* the code exchange, so the token
 * endpoint is only called once the SDK knows it can store the result; a store that cannot be reached fails
 * here, before anything is sent.
 */
export async function readReplaceableConnection(
  deps: UnreadableConnectionDependencies,
  instanceKey: string,
): Promise<ConnectionRecord | null> {
  try {
    return await deps.store.getConnection(instanceKey)
  } catch (error) {
    if (!isUnreadable(error)) throw error
    deps.logger.warn('The stored connection could not be read; the reconnect replaces it.', {
      instanceKey,
      reason: (error as Error).message,
    })
    await deps.store.deleteConnection(instanceKey)
    return null
  }
}

/**
 * `rw.disconnect` for a record the store cannot read: deletes it without decoding (no expected version) and
 * emits `disconnected`. Returns `false` when the record is readable (or absent), so the normal,
 * version-checked disconnect runs.
 */
export async function deleteUnreadableConnection(
  deps: UnreadableConnectionDependencies & { readonly events: RadioWorkflowEventEmitter },
  instanceKey: string,
): Promise<boolean> {
  try {
    await deps.store.getConnection(instanceKey)
    return false
  } catch (error) {
    if (!isUnreadable(error)) throw error
    deps.logger.warn('The stored connection could not be read; disconnect deletes it.', {
      instanceKey,
      reason: (error as Error).message,
    })
    const deleted = await deps.store.deleteConnection(instanceKey)
    if (deleted) deps.events.emit('disconnected', { instanceKey })
    return deleted
  }
}
