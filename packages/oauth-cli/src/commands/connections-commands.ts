import {
  type ConnectionRecord,
  type ConnectionSummary,
  RadioWorkflowError,
  STORED_CONNECTION_STATUSES,
  type StoredConnectionStatus,
} from '@rw/oauth-core'
import { type Command, Option } from 'commander'
import type { CliIo } from '../cli-context'
import { CliFailure, EXIT_CODES } from '../cli-failure'
import { type Column, formatTime } from '../cli-output'
import { defineAction, parsePositiveInteger, parseTime, type RunState } from '../command-action'
import { requireConnectionRegistry } from '../operations/connection-registry'

const SUMMARY_COLUMNS: readonly Column<ConnectionSummary>[] = [
  { heading: 'instance', cell: (row) => row.instanceKey },
  { heading: 'status', cell: (row) => row.status },
  { heading: 'version', cell: (row) => String(row.version) },
  { heading: 'expires', cell: (row) => formatTime(row.expiresAt) },
  { heading: 'scopes', cell: (row) => row.scopes.join(' ') },
  { heading: 'last refresh', cell: (row) => formatTime(row.lastRefreshAt) },
]

/** `rw-oauth connections list | show | refresh | disconnect`. */
export function addConnectionsCommands(program: Command, io: CliIo, state: RunState): void {
  const connections = program
    .command('connections')
    .description('List, inspect, refresh or disconnect connected instances (tokens are never printed)')

  connections
    .command('list')
    .description("List connections from the store's connection registry (no tokens)")
    .addOption(new Option('--status <status>', 'only this status').choices(STORED_CONNECTION_STATUSES))
    .option('--expires-before <time>', 'only tokens expiring before this ISO 8601 date or epoch ms', parseTime)
    .option('--limit <n>', 'at most this many rows', parsePositiveInteger, 100)
    .addHelpText('after', '\nExample:\n  rw-oauth connections list --status reauthorization_required --json')
    .action(
      defineAction(
        io,
        async (context, options: { status?: StoredConnectionStatus; expiresBefore?: number; limit: number }) => {
          const registry = requireConnectionRegistry(context.openStore())
          const rows: ConnectionSummary[] = []
          let cursor: string | null = null
          do {
            const page = await registry.listConnections({
              ...(options.status === undefined ? {} : { status: options.status }),
              ...(options.expiresBefore === undefined ? {} : { expiresBefore: options.expiresBefore }),
              cursor,
              limit: Math.min(options.limit - rows.length, 500),
            })
            rows.push(...page.connections)
            cursor = page.cursor
          } while (cursor !== null && rows.length < options.limit)
          context.output.table(rows, SUMMARY_COLUMNS)
          return 0
        },
        state,
      ),
    )

  connections
    .command('count')
    .description("Count connections per status from the store's connection registry")
    .addHelpText('after', '\nExample:\n  rw-oauth connections count --json')
    .action(
      defineAction(
        io,
        async (context) => {
          const counts = await requireConnectionRegistry(context.openStore()).countConnections()
          const rows = Object.entries(counts).map(([status, count]) => ({ status, count }))
          context.output.table(
            rows,
            [
              { heading: 'status', cell: (row) => row.status },
              { heading: 'connections', cell: (row) => String(row.count) },
            ],
            counts,
          )
          return 0
        },
        state,
      ),
    )

  connections
    .command('reindex')
    .description(
      'Rebuild the connection registry from the records (after upgrading from a version without it, or after index keys were lost); safe while the apps run',
    )
    .option('--dry-run', 'compare the records with the registry and write nothing')
    .addHelpText('after', '\nExample:\n  rw-oauth connections reindex --dry-run && rw-oauth connections reindex')
    .action(
      defineAction(
        io,
        async (context, options: { dryRun?: boolean }) => {
          const store = context.openStore()
          if (options.dryRun === true) {
            const counts = await requireConnectionRegistry(store).countConnections()
            const listed = Object.values(counts).reduce((sum, count) => sum + count, 0)
            context.output.record({ records: await context.maintenance.countRecords(), listed })
            context.output.note(
              'Dry run: nothing was written. A reindex also fixes entries that disagree with their record.',
            )
            return 0
          }
          const report = await store.repairRegistry()
          context.output.record({ ...report, unreadableRecords: report.unreadableRecords.length })
          if (report.unreadableRecords.length > 0) {
            context.output.note(`${report.unreadableRecords.length} record(s) cannot be read: see \`rw-oauth repair\`.`)
            return EXIT_CODES.incomplete
          }
          return 0
        },
        state,
      ),
    )

  connections
    .command('show')
    .description('Show one connection: status, version, expiry, scopes and the key that encrypts it')
    .argument('<instance-key>', 'the instance key the apps use')
    .addHelpText('after', '\nExample:\n  rw-oauth connections show desert-broadcasters')
    .action(
      defineAction(
        io,
        async (context, instanceKey: string) => {
          const stored = await context.maintenance.describeRecord(instanceKey)
          if (stored === null) throw new CliFailure(`No connection is stored for instance "${instanceKey}".`)
          const record = await context
            .openStore()
            .getConnection(instanceKey)
            .catch((error: unknown) => {
              if (!(error instanceof RadioWorkflowError && error.code === 'store_corrupted')) throw error
              throw new CliFailure(
                `The record of "${instanceKey}" cannot be read: ${error.message} See \`rw-oauth repair\`.`,
              )
            })
          context.output.record({
            ...describeRecord(record!),
            encryption: stored.sealing === 'encrypted' ? `key ${stored.keyId}` : stored.sealing,
          })
          return 0
        },
        state,
      ),
    )

  connections
    .command('refresh')
    .description("Refresh one connection's tokens now, through the SDK (needs the apps' RW_* variables)")
    .argument('<instance-key>', 'the instance key the apps use')
    .option('--dry-run', 'show the connection and refresh nothing')
    .addHelpText('after', '\nExample:\n  rw-oauth connections refresh desert-broadcasters')
    .action(
      defineAction(
        io,
        async (context, instanceKey: string, options: { dryRun?: boolean }) => {
          const rw = context.openRadioWorkflow()
          const before = await rw.getConnection(instanceKey)
          if (before === null) throw new CliFailure(`No connection is stored for instance "${instanceKey}".`)
          if (options.dryRun === true) {
            context.output.note('Dry run: nothing refreshed.')
            context.output.record({ ...before, expiresAt: formatTime(before.expiresAt), action: 'would refresh' })
            return 0
          }
          const after = await rw.refresh(instanceKey)
          context.output.record({
            ...after,
            expiresAt: formatTime(after.expiresAt),
            obtainedAt: formatTime(after.obtainedAt),
            lastRefreshAt: formatTime(after.lastRefreshAt),
          })
          return 0
        },
        state,
      ),
    )

  connections
    .command('disconnect')
    .description('Delete one connection (the customer must connect again); asks first unless --yes')
    .argument('<instance-key>', 'the instance key the apps use')
    .option('--dry-run', 'show what would be deleted and delete nothing')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExample:\n  rw-oauth connections disconnect desert-broadcasters --yes')
    .action(
      defineAction(
        io,
        async (context, instanceKey: string, options: { dryRun?: boolean; yes?: boolean }) => {
          const rw = context.openRadioWorkflow()
          const connection = await rw.getConnection(instanceKey)
          if (connection === null) throw new CliFailure(`No connection is stored for instance "${instanceKey}".`)
          if (options.dryRun === true) {
            context.output.record({ instanceKey, status: connection.status, action: 'would disconnect' })
            return 0
          }
          await requireConfirmation(
            context,
            options.yes,
            `Disconnect "${instanceKey}"? The customer must connect again.`,
          )
          const deleted = await rw.disconnect(instanceKey)
          context.output.record({ instanceKey, disconnected: deleted })
          return 0
        },
        state,
      ),
    )
}

/** Goes on only with `--yes` or a "yes" typed at a terminal. */
export async function requireConfirmation(
  context: { confirm(question: string): Promise<boolean | null> },
  yes: boolean | undefined,
  question: string,
): Promise<void> {
  if (yes === true) return
  const answer = await context.confirm(question)
  if (answer === null)
    throw new CliFailure('No terminal to confirm on: pass --yes to go ahead (or --dry-run to look first).')
  if (!answer) throw new CliFailure('Cancelled: nothing was changed.')
}

function describeRecord(record: ConnectionRecord): Record<string, unknown> {
  return {
    instanceKey: record.instanceKey,
    status: record.status,
    version: record.version,
    scopes: record.scopes,
    expiresAt: formatTime(record.expiresAt),
    obtainedAt: formatTime(record.obtainedAt),
    lastRefreshAt: formatTime(record.lastRefreshAt),
  }
}
