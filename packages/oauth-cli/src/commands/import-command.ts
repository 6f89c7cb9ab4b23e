import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type { CliIo } from '../cli-context'
import { CliFailure, EXIT_CODES } from '../cli-failure'
import { defineAction, type RunState } from '../command-action'
import { parseImportLines } from '../operations/parse-import-lines'

/** `rw-oauth import <file>`. */
export function addImportCommand(program: Command, io: CliIo, state: RunState): void {
  program
    .command('import')
    .description(
      'Import existing token pairs from a previous integration (JSON lines) so customers need not reconnect; instances already connected are left alone',
    )
    .argument('<file>', 'JSON lines file, or - for standard input')
    .option('--dry-run', 'validate every line and report what would be imported; write nothing')
    .addHelpText(
      'after',
      [
        '',
        'Each line: {"instanceKey": "...", "refreshToken": "...", "accessToken": "...", "expiresAt": "2026-12-01T10:00:00Z", "scopes": ["basic"]}',
        'accessToken and expiresAt (ISO 8601 or epoch ms) are optional: without them the first use refreshes.',
        'A file with any invalid line imports nothing (lines are named by number; their content is never printed).',
        '',
        'Example:',
        '  rw-oauth import connections.jsonl --dry-run && rw-oauth import connections.jsonl',
      ].join('\n'),
    )
    .action(
      defineAction(
        io,
        async (context, file: string, options: { dryRun?: boolean }) => {
          const text = file === '-' ? await io.readStdin() : await readFile(file, 'utf8')
          const { records, problems } = parseImportLines(text, Date.now())
          if (problems.length > 0) {
            context.output.table(problems, [
              { heading: 'line', cell: (row) => String(row.line) },
              { heading: 'problem', cell: (row) => row.problem },
            ])
            throw new CliFailure(`${problems.length} line(s) cannot be imported: fix them; nothing was imported.`)
          }
          const store = context.openStore()
          const results: { instanceKey: string; result: string }[] = []
          for (const record of records) {
            if (options.dryRun === true) {
              const exists = (await context.maintenance.describeRecord(record.instanceKey)) !== null
              results.push({ instanceKey: record.instanceKey, result: exists ? 'exists (would skip)' : 'would import' })
              continue
            }
            const outcome = await store.saveConnection(record, { expectedVersion: null })
            if (outcome.saved) {
              await store.appendEvent({
                type: 'connected',
                occurredAt: Date.now(),
                data: { instanceKey: record.instanceKey, version: 1 },
              })
            }
            results.push({ instanceKey: record.instanceKey, result: outcome.saved ? 'imported' : 'exists (skipped)' })
          }
          context.output.table(results, [
            { heading: 'instance', cell: (row) => row.instanceKey },
            { heading: 'result', cell: (row) => row.result },
          ])
          if (options.dryRun === true) context.output.note('Dry run: nothing was written.')
          return EXIT_CODES.ok
        },
        state,
      ),
    )
}
