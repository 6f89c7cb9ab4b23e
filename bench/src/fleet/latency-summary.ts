/** p50 and p99 (nearest rank) of latencies in milliseconds, and how many there were. */
export interface LatencySummary {
  readonly count: number
  readonly p50Ms: number
  readonly p99Ms: number
}

export function summarizeLatencies(latenciesMs: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort()
  const rank = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN
  return { count: sorted.length, p50Ms: rank(0.5), p99Ms: rank(0.99) }
}
