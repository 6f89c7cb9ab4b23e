/**
 * A command could not do (all of) its job: the message says why and what to do; `exitCode` is 1 (refused or
 * failed) or 3 (incomplete: run the same command again).
 *
 * @example
 * ```ts
 * throw new CliFailure('Key "k1" still encrypts 3 records: run `rw-oauth keys rotate` first.', 1)
 * ```
 */
export class CliFailure extends Error {
  readonly exitCode: number
  constructor(message: string, exitCode: 1 | 3 = 1) {
    super(message)
    this.name = 'CliFailure'
    this.exitCode = exitCode
  }
}

/**
 * Exit codes of `rw-oauth`: `incomplete` means "run the same command again" (records were busy or unreadable).
 *
 * @example
 * ```ts
 * if ((await runCli(['keys', 'rotate'], io)) === EXIT_CODES.incomplete) console.log('run it again')
 * ```
 */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2, incomplete: 3 } as const
