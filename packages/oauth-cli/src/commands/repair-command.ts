import type { Command } from 'commander'
import type { CliIo } from '../cli-context'
import { CliFailure, EXIT_CODES } from '../cli-failure'
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
          const targets = found.filter((entry) => options.includeUnknownKeys === true || !entry.unknownKey)
          if (action === null || targets.length === 0 || options.dryRun === true) {
            printReport(context.output, found, action === null || options.dryRun !== true ? null : action, targets)
            if (options.dryRun === true) context.output.note('Dry run: nothing was changed.')
            return found.length === 0 ? EXIT_CODES.ok : EXIT_CODES.incomplete
          }
          await requireConfirmation(
            context,
            options.yes,
            `${action === 'delete' ? 'Delete' : 'Quarantine'} ${targets.length} unreadable record(s)? Their customers must connect again.`,
          )
          const done = new Set<UnreadableRecord>()
          for (const entry of targets) {
            const acted =
              action === 'delete'
                ? await context.maintenance.deleteRecord(entry.record)
                : await context.maintenance.quarantineRecord(entry.record)
            if (acted) done.add(entry)
          }
          context.output.table(found, [
            ...REPORT_COLUMNS,
            { heading: 'result', cell: (row) => describeResult(row, done, targets, action) },
          ])
          return found.length === done.size ? EXIT_CODES.ok : EXIT_CODES.incomplete
        },
        state,
      ),
    )
}

const REPORT_COLUMNS = [
  { heading: 'instance', cell: (row: UnreadableRecord) => row.record.instanceKey ?? '(not an instance key)' },
  { heading: 'record key', cell: (row: UnreadableRecord) => row.record.recordKey },
  { heading: 'problem', cell: (row: UnreadableRecord) => row.reason },
]

function printReport(
  output: {
    table: (rows: readonly UnreadableRecord[], columns: typeof REPORT_COLUMNS) => void
    note: (m: string) => void
  },
  found: readonly UnreadableRecord[],
  wouldDo: string | null,
  targets: readonly UnreadableRecord[],
): void {
  output.table(
    found,
    wouldDo === null
      ? REPORT_COLUMNS
      : [
          ...REPORT_COLUMNS,
          { heading: 'result', cell: (row) => (targets.includes(row) ? `would ${wouldDo}` : 'left alone') },
        ],
  )
  if (found.length === 0) output.note('Every record is readable.')
  else if (wouldDo === null) output.note('Re-run with --quarantine or --delete to act on them.')
}

function describeResult(
  row: UnreadableRecord,
  done: ReadonlySet<UnreadableRecord>,
  targets: readonly UnreadableRecord[],
  action: string,
): string {
  if (done.has(row)) return action === 'delete' ? 'deleted' : 'quarantined'
  return targets.includes(row) ? 'changed meanwhile: left alone' : 'left alone (unknown key)'
}
