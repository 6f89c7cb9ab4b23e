import { Command, Option } from 'commander'
import type { CliIo } from './cli-context'
import type { RunState } from './command-action'
import { addConnectionsCommands } from './commands/connections-commands'
import { addEventsCommands } from './commands/events-commands'
import { addImportCommand } from './commands/import-command'
import { addKeysCommands } from './commands/keys-commands'
import { addMigrateCommand } from './commands/migrate-command'
import { addRepairCommand } from './commands/repair-command'

const ENVIRONMENT_HELP = `
Environment (the same variables as the apps):
  REDIS_URL              Redis the apps share, e.g. redis://127.0.0.1:6379 (required)
  RW_REDIS_CLUSTER       true: REDIS_URL is one node of a Redis Cluster
  RW_REDIS_PREFIX        key prefix of the apps' RedisTokenStore (default rw:oauth:)
  RW_TOKEN_KEYS          encryption key ring id:base64key,... (first key encrypts)
  RW_PARTNER_KEY, RW_PARTNER_SECRET, RW_TOKEN_URL, RW_REFRESH_URL
                         for connections refresh | disconnect (they run through the SDK)

Exit codes: 0 done, 1 failed or refused, 2 bad usage, 3 incomplete (run the command again).`

/** The `rw-oauth` command tree (commander). Errors and output go through `io`; nothing calls `process.exit`. */
export function createProgram(io: CliIo, state: RunState): Command {
  const program = new Command('rw-oauth')
    .description(
      'Operate the Radio Workflow OAuth SDK: connections, encryption keys, migration, import, repair, events',
    )
    .option('--json', 'print JSON for scripts instead of tables')
    .option('--redis-url <url>', 'overrides REDIS_URL')
    .option('--prefix <prefix>', 'overrides RW_REDIS_PREFIX')
    .addOption(new Option('--progress', 'show progress bars even when stderr is not a terminal'))
    .addOption(new Option('--no-progress', 'never show progress bars'))
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .addHelpText('after', ENVIRONMENT_HELP)
  // Subcommands copy exitOverride and configureOutput when created, so those come first.
  addConnectionsCommands(program, io, state)
  addKeysCommands(program, io, state)
  addMigrateCommand(program, io, state)
  addImportCommand(program, io, state)
  addRepairCommand(program, io, state)
  addEventsCommands(program, io, state)
  return program
}
