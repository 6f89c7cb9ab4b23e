import type { Command } from 'commander'
import type { CliContext, CliIo } from '../cli-context'
import { CliFailure } from '../cli-failure'
import { defineAction, parsePositiveInteger, type RunState } from '../command-action'
import { countRecordsByKey, type KeyUsage } from '../operations/count-records-by-key'
import { printResealSummary, runResealSweep, type SweepOptions } from './reseal-sweep'

const USAGE_COLUMNS = [
  { heading: 'key', cell: (row: KeyUsage) => row.key },
  { heading: 'records', cell: (row: KeyUsage) => String(row.records) },
  { heading: 'pending logins', cell: (row: KeyUsage) => String(row.pendingLogins) },
  { heading: 'in RW_TOKEN_KEYS', cell: (row: KeyUsage) => row.ring },
]

/** `rw-oauth keys report | rotate | drop`. */
export function addKeysCommands(program: Command, io: CliIo, state: RunState): void {
  const keys = program
    .command('keys')
    .description('Encryption keys (RW_TOKEN_KEYS): which records each protects, rotation, and retiring old keys')

  keys
    .command('report')
    .description('Count the records each key id encrypts (read from the envelopes; nothing is decrypted)')
    .addHelpText('after', '\nExample:\n  rw-oauth keys report --json')
    .action(
      defineAction(
        io,
        async (context) => {
          context.output.table(await reportKeys(context), USAGE_COLUMNS)
          return 0
        },
        state,
      ),
    )

  keys
    .command('rotate')
    .description(
      'Re-encrypt every record not under the primary (first) key of RW_TOKEN_KEYS, one at a time under its refresh lock; safe while the apps run, resumable (run it again)',
    )
    .option('--dry-run', 'count what would be re-encrypted and write nothing')
    .option('--lease-ms <ms>', 'refresh-lock lease while one record is rewritten', parsePositiveInteger, 10_000)
    .addHelpText(
      'after',
      [
        '',
        'Rotation, step by step:',
        '  1. Deploy the apps with RW_TOKEN_KEYS="new:<key>,old:<key>" (new first: it encrypts every write).',
        '  2. rw-oauth keys rotate           (same RW_TOKEN_KEYS; re-run until it reports nothing left)',
        '  3. rw-oauth keys drop old         (refuses while any record still uses "old")',
        '  4. Deploy the apps with RW_TOKEN_KEYS="new:<key>".',
      ].join('\n'),
    )
    .action(
      defineAction(
        io,
        async (context, options: SweepOptions) => {
          const primary = requirePrimaryKey(context)
          const summary = await runResealSweep(context, {
            ...options,
            label: 'Rotating',
            store: context.openStore(),
            needsReseal: (record) => record.sealing === 'encrypted' && record.keyId !== primary,
          })
          return printResealSummary(context, summary, options.dryRun === true)
        },
        state,
      ),
    )

  keys
    .command('drop')
    .description('Check that a key id can leave RW_TOKEN_KEYS: refuses while any record is encrypted with it')
    .argument('<key-id>', 'the key id to retire')
    .addHelpText('after', '\nExample:\n  rw-oauth keys drop 2026-01 && echo "remove 2026-01 from RW_TOKEN_KEYS"')
    .action(
      defineAction(
        io,
        async (context, keyId: string) => {
          const primary = requirePrimaryKey(context)
          if (keyId === primary) {
            throw new CliFailure(
              `"${keyId}" is the primary key (first in RW_TOKEN_KEYS): it encrypts every write. Put a new key first and run \`rw-oauth keys rotate\`.`,
            )
          }
          const usage = (await reportKeys(context)).find((row) => row.key === keyId)
          if (usage !== undefined && usage.records > 0) {
            throw new CliFailure(
              `Key "${keyId}" still encrypts ${usage.records} record(s): dropping it would make them unreadable. Run \`rw-oauth keys rotate\` first.`,
            )
          }
          if (usage !== undefined && usage.pendingLogins > 0) {
            throw new CliFailure(
              `Key "${keyId}" still seals ${usage.pendingLogins} login(s) in progress: they expire within minutes; try again then.`,
              3,
            )
          }
          const remaining = (context.settings.encryption?.keys ?? []).map((key) => key.id).filter((id) => id !== keyId)
          context.output.record({ key: keyId, records: 0, safeToDrop: true, keepInRing: remaining })
          context.output.note(
            `No record uses "${keyId}": remove it from RW_TOKEN_KEYS everywhere (keep ${remaining.join(', ')}).`,
          )
          return 0
        },
        state,
      ),
    )
}

async function reportKeys(context: CliContext): Promise<KeyUsage[]> {
  const progress = context.progress('Scanning')
  const total = progress.enabled ? await context.maintenance.countRecords() : 0
  return countRecordsByKey(context.maintenance, context.settings.encryption, progress, total)
}

function requirePrimaryKey(context: CliContext): string {
  const primary = context.settings.encryption?.keys[0]?.id
  if (primary === undefined) {
    throw new CliFailure('Set RW_TOKEN_KEYS (id:base64key,...; the first key encrypts) to the ring the apps use.')
  }
  return primary
}
