import { RadioWorkflowError } from '@rw/oauth-core'
import { CommanderError } from 'commander'
import type { CliIo } from './cli-context'
import { CliFailure, EXIT_CODES } from './cli-failure'
import { createProgram } from './create-program'

/**
 * Runs `rw-oauth` with `argv` (the arguments after the program name) and resolves to its exit code; the
 * binary is `process.exit(await runCli(process.argv.slice(2), nodeIo))`. Never prints a token: commands
 * print descriptions of records, and errors print the SDK's own (token-free) messages.
 *
 * @example
 * ```ts
 * const code = await runCli(['keys', 'report', '--json'], createNodeIo())
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const state = { exitCode: EXIT_CODES.ok as number }
  const program = createProgram(io, state)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return state.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage
    }
    io.stderr.write(`rw-oauth: ${describeError(error)}\n`)
    return error instanceof CliFailure ? error.exitCode : EXIT_CODES.failed
  }
}

function describeError(error: unknown): string {
  if (error instanceof CliFailure || error instanceof RadioWorkflowError) return error.message
  // Node's own errors (a missing import file, ...) say what failed; anything else is named, not dumped.
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return error.message
  return `unexpected ${error instanceof Error ? error.name : typeof error}`
}
