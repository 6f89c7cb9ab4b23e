import type { RedisTokenStore, StoredRecordDescription } from '@rw/oauth-redis'
import type { CliContext } from '../cli-context'
import { EXIT_CODES } from '../cli-failure'
import { type ResealSummary, resealRecords } from '../operations/reseal-records'

/** Options `keys rotate` and `migrate encrypt` share. */
export interface SweepOptions {
  readonly dryRun?: boolean
  readonly leaseMs: number
}

const LOCK_ATTEMPTS = 5

/** Runs a re-encrypt sweep with a progress bar. */
export async function runResealSweep(
  context: CliContext,
  options: SweepOptions & {
    readonly label: string
    readonly store: RedisTokenStore
    readonly needsReseal: (record: StoredRecordDescription) => boolean
  },
): Promise<ResealSummary> {
  const progress = context.progress(options.label)
  const total = progress.enabled ? await context.maintenance.countRecords() : 0
  return resealRecords(
    {
      store: options.store,
      maintenance: context.maintenance,
      needsReseal: options.needsReseal,
      dryRun: options.dryRun === true,
      leaseMs: options.leaseMs,
      waitMs: options.leaseMs,
      attempts: LOCK_ATTEMPTS,
    },
    progress,
    total,
  )
}

/** Prints the summary; exit code 3 when records were left (busy or unreadable), so scripts re-run. */
export function printResealSummary(context: CliContext, summary: ResealSummary, dryRun: boolean): number {
  context.output.record(summary)
  if (dryRun)
    context.output.note(`Dry run: ${summary.would_reseal} record(s) would be re-encrypted; nothing was written.`)
  if (summary.busy > 0) {
    context.output.note(`${summary.busy} record(s) stayed locked by refreshing apps: run the same command again.`)
  }
  if (summary.unreadable > 0) {
    context.output.note(`${summary.unreadable} record(s) cannot be read: see \`rw-oauth repair\`.`)
  }
  return summary.busy > 0 || summary.unreadable > 0 ? EXIT_CODES.incomplete : EXIT_CODES.ok
}
