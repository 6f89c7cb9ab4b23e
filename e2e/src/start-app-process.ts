import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { waitForHttp } from './wait-for-http'

/** The monorepo root: apps are started with `pnpm --filter <name> <script>` from here. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface StartAppProcessInput {
  /** Shown in errors, e.g. `demo`. */
  readonly name: string
  /** Default `pnpm`. */
  readonly command?: string
  readonly args: readonly string[]
  /** Added to a cleaned copy of this process's environment (see `createAppEnvironment`). */
  readonly env: Readonly<Record<string, string>>
  /** Polled until it answers with any HTTP status. */
  readonly readyUrl: string
  /** Default 60 s. */
  readonly readyTimeoutMs?: number
}

export interface AppProcess {
  readonly name: string
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string
  /** Ends the whole process tree (SIGTERM to the group, SIGKILL if it lingers). Idempotent. */
  stop(): Promise<void>
}

const running = new Set<ChildProcess>()
// A crashed or interrupted test worker must not leave servers behind.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL')
})

/**
 * Starts an app as its own process group and resolves once it answers HTTP, or rejects with its output
 * when it exits first or does not answer within the bound.
 *
 * @example
 * const app = await startAppProcess({ name: 'demo', args: ['--filter', '@rw/demo', 'start'], env: { PORT: '4123' }, readyUrl: 'http://127.0.0.1:4123/' })
 * await app.stop()
 */
export async function startAppProcess({
  name,
  command = 'pnpm',
  args,
  env,
  readyUrl,
  readyTimeoutMs = 60_000,
}: StartAppProcessInput): Promise<AppProcess> {
  const child = spawn(command, [...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...createAppEnvironment(process.env), ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let output = ''
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8')
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`))
    child.once('error', (error) => resolve(`could not start: ${error.message}`))
  })

  const app: AppProcess = {
    name,
    output: () => output,
    stop: () => stopProcessGroup(child),
  }
  const ready = await Promise.race([
    waitForHttp(readyUrl, { timeoutMs: readyTimeoutMs }).then(() => null),
    exited.then((reason) => `${name} ${reason} before answering ${readyUrl}`),
  ]).catch((error: unknown) => `${name} did not answer ${readyUrl}: ${String(error)}`)
  if (ready !== null) {
    await app.stop()
    throw new Error(`${ready}\n--- ${name} output ---\n${output.slice(-8_000)}`)
  }
  return app
}

/**
 * This process's environment without what would change how an app picks its Radio Workflow and store:
 * no `RW_*` (so it embeds the mock), no `REDIS_URL`, `PORT` or vitest's own variables.
 */
export function createAppEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const cleaned: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue
    if (/^(RW_|VITEST)/.test(key) || ['REDIS_URL', 'PORT', 'NODE_ENV', 'TEST'].includes(key)) continue
    cleaned[key] = value
  }
  return cleaned
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (!running.has(child)) return
  killGroup(child, 'SIGTERM')
  const deadline = Date.now() + 5_000
  while (isGroupAlive(child) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (isGroupAlive(child)) killGroup(child, 'SIGKILL')
  running.delete(child)
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // ESRCH: the group is already gone.
  }
}

function isGroupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false
  try {
    process.kill(-child.pid, 0)
    return true
  } catch {
    return false
  }
}
