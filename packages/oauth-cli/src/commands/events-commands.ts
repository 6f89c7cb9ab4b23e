import { type ConsumedEvent, type DeadLetter, readDeadLetters, readRecentEvents } from '@rw/oauth-redis'
import type { Command } from 'commander'
import type { CliIo } from '../cli-context'
import { formatTime } from '../cli-output'
import { defineAction, parsePositiveInteger, type RunState } from '../command-action'

const EVENT_COLUMNS = [
  { heading: 'id', cell: (event: ConsumedEvent) => event.id },
  { heading: 'event', cell: (event: ConsumedEvent) => event.type },
  { heading: 'instance', cell: (event: ConsumedEvent) => event.data.instanceKey },
  { heading: 'at', cell: (event: ConsumedEvent) => formatTime(event.occurredAt) },
]

/** `rw-oauth events tail | dead-letters` (read-only). */
export function addEventsCommands(program: Command, io: CliIo, state: RunState): void {
  const events = program
    .command('events')
    .description("The deployment's lifecycle event stream and its consumer groups' dead letters (read-only)")

  events
    .command('tail')
    .description('Show the newest events of the stream, newest first (consumer groups are not affected)')
    .option('--limit <n>', 'how many', parsePositiveInteger, 20)
    .addHelpText('after', '\nExample:\n  rw-oauth events tail --limit 50 --json')
    .action(
      defineAction(
        io,
        async (context, options: { limit: number }) => {
          const recent = await readRecentEvents({
            redis: context.redis,
            prefix: context.settings.prefix,
            limit: options.limit,
          })
          context.output.table(recent, EVENT_COLUMNS)
          return 0
        },
        state,
      ),
    )

  events
    .command('dead-letters')
    .description('Show the events a consumer group gave up on (e.g. webhooks that were never acknowledged)')
    .option('--group <group>', 'consumer group', 'webhook')
    .option('--limit <n>', 'how many, newest first', parsePositiveInteger, 20)
    .addHelpText('after', '\nExample:\n  rw-oauth events dead-letters --group webhook')
    .action(
      defineAction(
        io,
        async (context, options: { group: string; limit: number }) => {
          const letters = await readDeadLetters({
            redis: context.redis,
            prefix: context.settings.prefix,
            group: options.group,
            limit: options.limit,
          })
          context.output.table(letters, [
            ...EVENT_COLUMNS.map((column) => ({
              heading: column.heading,
              cell: (letter: DeadLetter) => column.cell(letter.event),
            })),
            { heading: 'reason', cell: (letter: DeadLetter) => letter.reason },
            { heading: 'failed at', cell: (letter: DeadLetter) => formatTime(letter.failedAt) },
          ])
          return 0
        },
        state,
      ),
    )
}
