import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const APP_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url))

export interface RunningExampleApp {
  readonly origin: string
  readonly output: () => string
  stop(): Promise<void>
}

/** `vite build` of the example app, as `pnpm start` does. */
export async function buildExampleApp(): Promise<void> {
  await promisify(execFile)(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
    cwd: APP_DIRECTORY,
  })
}

/** Runs `node serve.js` on a free loopback port with the embedded mock (no RW_* or REDIS_URL), resolving once it listens. */
export async function startExampleApp(): Promise<RunningExampleApp> {
  const port = await findFreePort()
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' }
  for (const name of Object.keys(env)) if (name.startsWith('RW_') || name === 'REDIS_URL') delete env[name]
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
  return { origin: `http://localhost:${port}`, output: () => output, stop: () => stopChild(child) }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
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
