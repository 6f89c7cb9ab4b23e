import type { RedisStoreMaintenance } from '@rw/oauth-redis'
import type { Command } from 'commander'
import type { CliIo } from '../cli-context'
import { CliFailure, EXIT_CODES } from '../cli-failure'
import type { CliOutput, Column } from '../cli-output'
import { defineAction, type RunState } from '../command-action'
import { findUnreadableRecords, type UnreadableRecord } from '../operations/find-unreadable-records'
import { requireConfirmation } from './connections-commands'

interface RepairOptions {
  readonly delete?: boolean
  readonly quarantine?: boolean
  readonly includeUnknownKeys?: boolean
  readonly dryRun?: boolean
  readonly yes?: boolean
}

/** `rw-oauth repair`. */
export function addRepairCommand(program: Command, io: CliIo, state: RunState): void {
  program
    .command('repair')
    .description(
      'Find records the apps cannot read (wrong key, tampered, not a record); report them, then delete or quarantine them',
    )
    .option('--quarantine', 'move each unreadable record aside to <record key>:quarantined (kept for inspection)')
    .option('--delete', 'delete each unreadable record (its customer must connect again)')
    .option(
      '--include-unknown-keys',
      'also act on records encrypted with a key id missing from RW_TOKEN_KEYS (by default they are only reported: the ring given here may be incomplete)',
    )
    .option('--dry-run', 'report what would be done; change nothing')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText(
      'after',
      '\nExamples:\n  rw-oauth repair                       # report only\n  rw-oauth repair --quarantine --yes',
    )
    .action(
      defineAction(
        io,
        async (context, options: RepairOptions) => {
          if (options.delete === true && options.quarantine === true) {
            throw new CliFailure('Choose one of --delete and --quarantine.')
          }
          const progress = context.progress('Checking')
          const total = progress.enabled ? await context.maintenance.countRecords() : 0
          const encryption = context.settings.encryption
          const found = await findUnreadableRecords(
            context.maintenance,
            context.openStore(encryption),
            encryption,
            progress,
            total,
          )
          const action = options.delete === true ? 'delete' : options.quarantine === true ? 'quarantine' : null
          const targets = found.filter(
            (entry) => action !== null && (options.includeUnknownKeys === true || !entry.unknownKey),
          )
          if (targets.length > 0 && options.dryRun !== true) {
            await requireConfirmation(
              context,
              options.yes,
              `${action === 'delete' ? 'Delete' : 'Quarantine'} ${targets.length} unreadable record(s)? Their customers must connect again.`,
            )
          }
          const results = new Map<UnreadableRecord, string>()
          for (const entry of found) {
            if (!targets.includes(entry)) {
              results.set(entry, action === null ? 'reported' : 'left alone (key not in RW_TOKEN_KEYS)')
            } else if (options.dryRun === true) {
              results.set(entry, `would ${action}`)
            } else {
              results.set(entry, await setAside(context.maintenance, entry, action!))
            }
          }
          const rows = found.map((entry) => ({
            instanceKey: entry.record.instanceKey,
            recordKey: entry.record.recordKey,
            problem: entry.reason,
            result: results.get(entry)!,
          }))
          context.output.table(rows, REPORT_COLUMNS)
          noteNextStep(context.output, rows, action, options)
          return rows.every((row) => row.result === 'deleted' || row.result === 'quarantined')
            ? EXIT_CODES.ok
            : EXIT_CODES.incomplete
        },
        state,
      ),
    )
}

/** One line of the repair report. */
interface RepairRow {
  readonly instanceKey: string | null
  readonly recordKey: string
  readonly problem: string
  readonly result: string
}

const REPORT_COLUMNS: readonly Column<RepairRow>[] = [
  { heading: 'instance', cell: (row) => row.instanceKey ?? '(not an instance key)' },
  { heading: 'record key', cell: (row) => row.recordKey },
  { heading: 'problem', cell: (row) => row.problem },
  { heading: 'result', cell: (row) => row.result },
]

async function setAside(
  maintenance: RedisStoreMaintenance,
  entry: UnreadableRecord,
  action: 'delete' | 'quarantine',
): Promise<string> {
  const acted =
    action === 'delete'
      ? await maintenance.deleteRecord(entry.record)
      : await maintenance.quarantineRecord(entry.record)
  // Not acted on: an app rewrote (or deleted) the record since it was examined.
  if (!acted) return 'changed meanwhile: left alone'
  return action === 'delete' ? 'deleted' : 'quarantined'
}

function noteNextStep(
  output: CliOutput,
  rows: readonly RepairRow[],
  action: string | null,
  options: RepairOptions,
): void {
  if (rows.length === 0) output.note('Every record is readable.')
  else if (action === null) output.note('Re-run with --quarantine or --delete to act on them.')
  if (rows.some((row) => row.result.startsWith('left alone (key'))) {
    output.note(
      'Records under a key id missing from RW_TOKEN_KEYS were left alone: add the key, or pass --include-unknown-keys.',
    )
  }
  if (options.dryRun === true) output.note('Dry run: nothing was changed.')
}
