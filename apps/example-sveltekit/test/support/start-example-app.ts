import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const APP_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url))

export interface RunningExampleApp {
  readonly origin: string
  readonly output: () => string
  /** Sends SIGTERM and resolves with the exit code once the process has exited by itself. */
  stop(): Promise<number | null>
  /** SIGKILL, for cleanup after a failed test. */
  kill(): void
}

/** `vite build` of the example app, as `pnpm start` does. */
export async function buildExampleApp(): Promise<void> {
  await promisify(execFile)(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
    cwd: APP_DIRECTORY,
  })
}

/**
 * Runs `node serve.js` on a free loopback port with the embedded mock (no RW_* or REDIS_URL unless given in
 * `extraEnv`), resolving once it listens.
 */
export async function startExampleApp(extraEnv: Readonly<Record<string, string>> = {}): Promise<RunningExampleApp> {
  const port = await findFreePort()
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' }
  for (const name of Object.keys(env)) if (name.startsWith('RW_') || name === 'REDIS_URL') delete env[name]
  Object.assign(env, extraEnv)
  const child = spawn(process.execPath, ['serve.js'], { cwd: APP_DIRECTORY, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Listening on')) resolve()
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`example app exited with ${code} before listening:\n${output}`)))
  })
  return {
    origin: `http://localhost:${port}`,
    output: () => output,
    stop: () => stopChild(child),
    kill: () => void (child.exitCode === null && child.kill('SIGKILL')),
  }
}

function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.kill('SIGTERM')
  })
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}
