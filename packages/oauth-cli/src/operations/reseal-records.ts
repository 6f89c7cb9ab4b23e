import type { StoredRecordDescription } from '@rw/oauth-redis'
import type { ProgressReporter } from '../progress-reporter'
import { type ResealOutcome, type ResealPlan, resealRecord } from './reseal-record'

/** Counts of a re-encrypt sweep, by outcome; `scanned` counts every record seen. */
export type ResealSummary = { scanned: number } & Record<ResealOutcome, number>

/** Records re-encrypted at once (each under its own lock). */
const CONCURRENCY = 8

/**
 * Sweeps every record (SCAN on every primary) and re-encrypts those `plan.needsReseal` selects. Resumable by
 * construction: a record already under the primary key is skipped without a write, so an interrupted run is
 * simply run again, and a run that reported `busy` records finishes them on the next run.
 */
export async function resealRecords(
  plan: ResealPlan,
  progress: ProgressReporter,
  total: number,
): Promise<ResealSummary> {
  const summary: ResealSummary = {
    scanned: 0,
    resealed: 0,
    would_reseal: 0,
    unchanged: 0,
    vanished: 0,
    unreadable: 0,
    busy: 0,
  }
  progress.start(total)
  try {
    for await (const batch of plan.maintenance.scanRecords()) {
      summary.scanned += batch.length
      const outcomes = await mapConcurrently(batch, (record) => resealOne(plan, record))
      for (const outcome of outcomes) summary[outcome] += 1
      progress.advance(batch.length)
    }
  } finally {
    progress.stop()
  }
  return summary
}

function resealOne(plan: ResealPlan, record: StoredRecordDescription): Promise<ResealOutcome> {
  if (record.instanceKey === null || record.sealing === 'unrecognised') return Promise.resolve('unreadable')
  if (!plan.needsReseal(record)) return Promise.resolve('unchanged')
  return resealRecord(plan, record.instanceKey)
}

async function mapConcurrently<T, R>(items: readonly T[], map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const workers = Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await map(items[index]!)
    }
  })
  await Promise.all(workers)
  return results
}
