import type { ConnectionRecord, RadioWorkflowLogger } from '@rw/oauth-core'
import { StoreError } from '@rw/oauth-core'

/**
 * Pairs the token endpoint issued whose save failed because the store was unreachable (DESIGN.md
 * rule 8): the only copy of a rotated refresh token, so it is kept, its save retried, and its access
 * token served to callers in this process meanwhile.
 */
export type UnsavedPairs = Map<string, ConnectionRecord>

/** What {@link retryUnsavedPair} needs from the runtime. */
export interface UnsavedPairDependencies {
  readonly unsaved: UnsavedPairs
  readonly logger: RadioWorkflowLogger
  readonly monotonicNow: () => number
  /** How long to keep retrying the save before giving up. */
  readonly saveRetryMs: number
}

const FIRST_RETRY_MS = 100
const MAX_RETRY_MS = 2_000

/**
 * Keeps `record` in `deps.unsaved` and retries `save` with capped exponential backoff until it
 * succeeds, fails for a reason other than an outage, or `saveRetryMs` passes; then `release`s the
 * lease and, when it never saved, `giveUp`s (which records the outcome as unknown). Returns `record`
 * at once so callers in this process are served from it.
 */
export function retryUnsavedPair(
  deps: UnsavedPairDependencies,
  work: {
    readonly record: ConnectionRecord
    readonly save: () => Promise<unknown>
    readonly release: () => Promise<void>
    readonly giveUp: () => Promise<void>
  },
): ConnectionRecord {
  const { instanceKey } = work.record
  deps.unsaved.set(instanceKey, work.record)
  deps.logger.warn('The refreshed tokens could not be saved (store unreachable); keeping them and retrying the save.', {
    instanceKey,
  })
  const deadline = deps.monotonicNow() + deps.saveRetryMs
  const finish = () => {
    if (deps.unsaved.get(instanceKey) === work.record) deps.unsaved.delete(instanceKey)
  }
  const loop = async () => {
    let delay = FIRST_RETRY_MS
    for (;;) {
      await pause(delay)
      try {
        await work.save()
        finish()
        return
      } catch (error) {
        const outage = error instanceof StoreError && error.code === 'store_unavailable'
        if (!outage || deps.monotonicNow() + delay > deadline) {
          finish()
          deps.logger.error('Gave up saving refreshed tokens; the connection is marked refresh_outcome_unknown.', {
            instanceKey,
            error: error instanceof Error ? ((error as { code?: string }).code ?? error.name) : typeof error,
          })
          await work.giveUp().catch(() => {})
          return
        }
        delay = Math.min(delay * 2, MAX_RETRY_MS)
      }
    }
  }
  void loop().finally(() => work.release().catch(() => {}))
  return work.record
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    ;(timer as { unref?: () => void }).unref?.()
  })
}
