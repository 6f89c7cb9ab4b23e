import { type Command, InvalidArgumentError } from 'commander'
import { CliContext, type CliIo, type GlobalOptions } from './cli-context'

/** Where an action's exit code is left for `runCli`. */
export interface RunState {
  exitCode: number
}

/**
 * Wraps a command's body: a context built from the global options (`--json`, `--redis-url`, ...), closed
 * afterwards whatever happens. Errors propagate to `runCli`, which prints them.
 */
export function defineAction<A extends unknown[]>(
  io: CliIo,
  body: (context: CliContext, ...args: A) => Promise<number | undefined>,
  state: RunState,
): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const command = args.at(-1) as Command
    const context = new CliContext(io, command.optsWithGlobals<GlobalOptions>())
    try {
      state.exitCode = (await body(context, ...(args.slice(0, -1) as A))) ?? 0
    } finally {
      await context.close()
    }
  }
}

/** Commander argument parser: a whole number ≥ 1. */
export function parsePositiveInteger(value: string): number {
  const number = Number(value)
  if (!Number.isSafeInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number ≥ 1.')
  return number
}

/** Commander argument parser: an ISO 8601 date or epoch milliseconds. */
export function parseTime(value: string): number {
  const number = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isFinite(number)) throw new InvalidArgumentError('must be an ISO 8601 date or epoch milliseconds.')
  return number
}
