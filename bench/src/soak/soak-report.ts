import type { LandedFault } from './fault-injector'
import type { FaultKind } from './fault-schedule'
import { isAvoidable, type Revocation, type RevocationCause } from './revocation-attribution'
import type { SoakOptions } from './soak-options'
import type { AggregateStats } from './stats-aggregate'
import type { Presentation } from './token-request-record'

/** How an instance ended: its stored status and what a final, hook-free `rw.fetch` got. */
export interface InstanceEnd {
  readonly instanceKey: string
  readonly storedStatus: string
  /** `healthy` (the API answered for this instance), or the error code. */
  readonly probe: string
  readonly grants: number
  readonly revocations: number
  readonly stuck: boolean
}

export interface RevocationEntry extends Revocation {
  /** The last fault that touched this instance (or Redis, or the network) before the revocation. */
  readonly nearestFault: string | null
}

export interface SoakReport {
  readonly options: SoakOptions
  readonly durationSeconds: number
  readonly refreshCycles: number
  readonly presentationsByOutcome: Record<string, number>
  readonly revocations: readonly RevocationEntry[]
  readonly revocationsByCause: Partial<Record<RevocationCause, number>>
  readonly avoidableRevocations: number
  /** Avoidable revocations counted by the kind of their nearest fault: which fault the SDK does not survive. */
  readonly avoidableByNearestFault: Record<string, number>
  readonly faultsPlanned: Partial<Record<FaultKind, number>>
  readonly faultsLanded: Partial<Record<FaultKind, number>>
  readonly faultsMissed: Partial<Record<FaultKind, number>>
  readonly reconnections: Record<string, number>
  readonly workers: AggregateStats & { readonly killed: number; readonly unexpectedExits: number }
  readonly instances: readonly InstanceEnd[]
  readonly stuck: readonly string[]
  readonly harnessErrors: readonly string[]
  readonly passed: boolean
}

/**
 * The last fault before the revocation that can explain it: one that hit this instance, a Redis
 * restart (it hits every instance), or one that hit either worker involved (a pause or a kill
 * freezes every refresh that process had in flight, not only the one at the hook).
 */
export function findNearestFault(landed: readonly LandedFault[], revocation: Revocation): string | null {
  const involved = [revocation.replayedBy, revocation.firstPresentedBy]
  for (let i = landed.length - 1; i >= 0; i--) {
    const fault = landed[i] as LandedFault
    if (fault.at > revocation.at) continue
    const relevant =
      fault.instanceKey === revocation.instanceKey ||
      fault.kind.startsWith('redis_') ||
      (fault.workerId !== null && involved.includes(fault.workerId) && !fault.kind.startsWith('token_'))
    if (relevant) {
      return `${fault.kind}${fault.workerId === null ? '' : ` on ${fault.workerId}`} ${((revocation.at - fault.at) / 1000).toFixed(1)} s before`
    }
  }
  return null
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1
  return counts
}

export function countRefreshCycles(presentations: readonly Presentation[]): number {
  return presentations.filter((presentation) => presentation.outcome === 'rotated').length
}

export function summarizeRevocations(revocations: readonly RevocationEntry[]) {
  const avoidable = revocations.filter((revocation) => isAvoidable(revocation.cause))
  return {
    revocationsByCause: countBy(revocations, (revocation) => revocation.cause),
    avoidableRevocations: avoidable.length,
    avoidableByNearestFault: countBy(avoidable, (revocation) => revocation.nearestFault?.split(' ')[0] ?? 'none'),
  }
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))
  return entries.length === 0 ? 'none' : entries.map(([name, count]) => `${name} ${count}`).join(', ')
}

export function formatSoakReport(report: SoakReport): string {
  const { options, workers } = report
  const lines = [
    `Soak: seed ${options.seed}, ${options.minutes} min of faults + ${options.settleSeconds} s calm, ${options.workers} workers, ${options.instances} instances, Redis persistence ${options.persistence}`,
    `  SDK: lease ${options.sdk.lockLeaseMs} ms, HTTP deadline ${options.sdk.httpTimeoutMs} ms, refresh window ${options.sdk.refreshWindowMs}+${options.sdk.refreshJitterMs} ms, token lifetime ${options.tokenLifetimeSeconds} s`,
    `  ran ${report.durationSeconds.toFixed(0)} s`,
    '',
    `Refresh cycles (server-side successful refreshes): ${report.refreshCycles}`,
    `Refresh requests by outcome: ${formatCounts(report.presentationsByOutcome)}`,
    `Faults landed: ${formatCounts(report.faultsLanded)}`,
    `Faults missed (armed, nobody reached the point in time): ${formatCounts(report.faultsMissed)}`,
    '',
    `Grants revoked: ${report.revocations.length} (avoidable ${report.avoidableRevocations}, truly lost ${report.revocations.length - report.avoidableRevocations})`,
    `  by cause: ${formatCounts(report.revocationsByCause)}`,
    `  avoidable ones by nearest fault: ${formatCounts(report.avoidableByNearestFault)}`,
    ...report.revocations.map(
      (revocation) =>
        `  ${(revocation.at / 1000).toFixed(1).padStart(6)} s ${revocation.instanceKey ?? '?'}: ${revocation.cause}; replayed by ${revocation.replayedBy} (record ${revocation.replaySentWithStatus ?? '?'}), first presented by ${revocation.firstPresentedBy ?? '?'}; nearest fault: ${revocation.nearestFault ?? 'none'}`,
    ),
    `Reconnections by the simulated customer: ${formatCounts(report.reconnections)}`,
    '',
    `Worker calls: ${workers.calls}, served ${workers.served}; workers killed ${workers.killed}, unexpected exits ${workers.unexpectedExits}`,
    `Errors by code: ${formatCounts(workers.errorsByCode)}`,
    `Max caller wait: ${workers.maxWaitMs.toFixed(0)} ms (${workers.maxWaitUnfrozenMs.toFixed(0)} ms in processes that were not frozen)`,
    '',
    'Final state of every instance (stored status / final probe / grants / revocations):',
    ...report.instances.map(
      (end) =>
        `  ${end.instanceKey.padEnd(12)} ${end.storedStatus.padEnd(24)} ${end.probe.padEnd(26)} ${end.grants} ${end.revocations}${end.stuck ? '  STUCK' : ''}`,
    ),
    `Stuck instances: ${report.stuck.length === 0 ? 'none' : report.stuck.join(', ')}`,
    ...(report.harnessErrors.length === 0 ? [] : [`Harness errors: ${report.harnessErrors.join('; ')}`]),
    '',
    report.passed
      ? 'PASS: no avoidable revocation, no stuck instance.'
      : `FAIL: ${report.avoidableRevocations} avoidable revocation(s), ${report.stuck.length} stuck instance(s).`,
  ]
  return lines.join('\n')
}
