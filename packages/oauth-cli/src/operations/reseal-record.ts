import { createRedactedConnectionRecord, RadioWorkflowError } from '@rw/oauth-core'
import type { RedisStoreMaintenance, RedisTokenStore, StoredRecordDescription } from '@rw/oauth-redis'

/** What happened to one record of a re-encrypt sweep. */
export type ResealOutcome = 'resealed' | 'would_reseal' | 'unchanged' | 'vanished' | 'unreadable' | 'busy'

/** How one record is re-encrypted: which records need it, and the lock timing. */
export interface ResealPlan {
  readonly store: RedisTokenStore
  readonly maintenance: RedisStoreMaintenance
  readonly needsReseal: (record: StoredRecordDescription) => boolean
  readonly dryRun: boolean
  /** Lease of the refresh lock while one record is rewritten. */
  readonly leaseMs: number
  /** Longest wait for an app holding the lock (a refresh in flight) before trying again. */
  readonly waitMs: number
  /** Lock attempts per record before reporting it `busy` (a later run picks it up). */
  readonly attempts: number
}

/**
 * Re-encrypts one record with the store's primary key, the way a refresh writes: under the instance's refresh
 * lock (so no app is refreshing it), re-read, then a version-checked save with the lease. The record's content
 * is unchanged; its version grows by one like any write. Safe while the apps run: an app that wrote first
 * wins (the save fails and the record is re-examined), and a refresh waits for the lock like for any other holder.
 */
export async function resealRecord(plan: ResealPlan, instanceKey: string): Promise<ResealOutcome> {
  for (let attempt = 0; attempt < plan.attempts; attempt++) {
    // Cheap check first: after waiting for a refreshing app, the record is usually rewritten already.
    const seen = await plan.maintenance.describeRecord(instanceKey)
    if (seen === null) return 'vanished'
    if (!plan.needsReseal(seen)) return 'unchanged'
    const lease = await plan.store.tryAcquire(instanceKey, plan.leaseMs)
    if (lease === null) {
      await plan.store.waitForChange(instanceKey, plan.waitMs)
      continue
    }
    try {
      const current = await plan.maintenance.describeRecord(instanceKey)
      if (current === null) return 'vanished'
      // An app rewrote it under the primary key since the scan.
      if (!plan.needsReseal(current)) return 'unchanged'
      const record = await readRecord(plan.store, instanceKey)
      if (record === 'unreadable') return 'unreadable'
      if (record === null) return 'vanished'
      if (plan.dryRun) return 'would_reseal'
      const next = createRedactedConnectionRecord({ ...record, version: record.version + 1 })
      const outcome = await plan.store.saveConnection(next, { expectedVersion: record.version, lease })
      if (outcome.saved) return 'resealed'
    } finally {
      await lease.release()
    }
  }
  return 'busy'
}

async function readRecord(store: RedisTokenStore, instanceKey: string) {
  try {
    return await store.getConnection(instanceKey)
  } catch (error) {
    if (error instanceof RadioWorkflowError && error.code === 'store_corrupted') return 'unreadable'
    throw error
  }
}
