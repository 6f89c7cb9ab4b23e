import type { WorkerStats } from './soak-protocol'

/** All workers' counters added up over the run. */
export interface AggregateStats {
  calls: number
  served: number
  errorsByCode: Record<string, number>
  maxWaitMs: number
  maxWaitUnfrozenMs: number
}

export function createAggregateStats(): AggregateStats {
  return { calls: 0, served: 0, errorsByCode: {}, maxWaitMs: 0, maxWaitUnfrozenMs: 0 }
}

export function addWorkerStats(total: AggregateStats, delta: WorkerStats): void {
  total.calls += delta.calls
  total.served += delta.served
  total.maxWaitMs = Math.max(total.maxWaitMs, delta.maxWaitMs)
  total.maxWaitUnfrozenMs = Math.max(total.maxWaitUnfrozenMs, delta.maxWaitUnfrozenMs)
  for (const [code, count] of Object.entries(delta.errorsByCode)) countCode(total.errorsByCode, code, count)
}

export function countCode(counts: Record<string, number>, code: string, count = 1): void {
  counts[code] = (counts[code] ?? 0) + count
}
