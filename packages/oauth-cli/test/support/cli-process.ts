import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url))
const PACKAGE_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url))

/** What a finished `rw-oauth` process printed and returned. */
export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the `rw-oauth` entry as its own process (Node + tsx, workspace packages resolved to source), with
 * exactly `env` (plus PATH/HOME): nothing leaks in from the test runner's environment.
 */
export function runCliProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  stdin?: string,
): Promise<CliRun> {
  return startCliProcess(args, env, stdin).finished
}

/** {@link runCliProcess}, also giving the child's pid while it runs. */
export function startCliProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  stdin?: string,
): { readonly pid: number; readonly finished: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--conditions=@rw/source', '--import', 'tsx', BIN, ...args], {
    cwd: PACKAGE_DIRECTORY,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  child.stdin.end(stdin ?? '')
  const finished = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
  return { pid: child.pid!, finished }
}
