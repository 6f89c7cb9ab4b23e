import type { Command } from 'commander'
import type { CliIo } from '../cli-context'
import { CliFailure } from '../cli-failure'
import { defineAction, parsePositiveInteger, type RunState } from '../command-action'
import { printResealSummary, runResealSweep, type SweepOptions } from './reseal-sweep'

/** `rw-oauth migrate encrypt`. */
export function addMigrateCommand(program: Command, io: CliIo, state: RunState): void {
  const migrate = program.command('migrate').description('Move a store to a new layout in place')
  migrate
    .command('encrypt')
    .description(
      'Encrypt every plaintext record in place with the primary key of RW_TOKEN_KEYS, under the refresh lock; safe while the apps run, resumable (run it again)',
    )
    .option('--dry-run', 'count the plaintext records and write nothing')
    .option('--lease-ms <ms>', 'refresh-lock lease while one record is rewritten', parsePositiveInteger, 10_000)
    .addHelpText(
      'after',
      [
        '',
        'Migration, step by step (customers stay connected):',
        '  1. Deploy the apps with RW_TOKEN_KEYS="k1:<key>" and RW_TOKEN_READ_PLAINTEXT=true',
        '     (they encrypt every write and can still read the old plaintext records).',
        '  2. rw-oauth migrate encrypt       (same RW_TOKEN_KEYS; re-run until it reports nothing left)',
        '  3. Deploy the apps without RW_TOKEN_READ_PLAINTEXT.',
      ].join('\n'),
    )
    .action(
      defineAction(
        io,
        async (context, options: SweepOptions) => {
          const encryption = context.settings.encryption
          if (encryption === undefined) {
            throw new CliFailure('Set RW_TOKEN_KEYS (id:base64key,...) to the ring the apps encrypt with.')
          }
          const summary = await runResealSweep(context, {
            ...options,
            label: 'Encrypting',
            // The sweep's own store reads plaintext whatever the environment says: that is its job.
            store: context.openStore({ ...encryption, readPlaintext: true }),
            needsReseal: (record) => record.sealing === 'plaintext',
          })
          const code = printResealSummary(context, summary, options.dryRun === true)
          if (code === 0 && options.dryRun !== true) {
            context.output.note('No plaintext record is left: deploy the apps without RW_TOKEN_READ_PLAINTEXT.')
          }
          return code
        },
        state,
      ),
    )
}
