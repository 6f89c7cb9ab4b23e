import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { trackChild } from './child-registry'

/** `aof`: appendonly yes, appendfsync always (a restart keeps every acknowledged write). `none`: no persistence at all. */
export type RedisPersistence = 'aof' | 'none'

/** A redis-server of the soak's own on a free loopback port, restartable on the same port. */
export interface PrivateRedisServer {
  readonly url: string
  readonly running: boolean
  /** SIGKILL: no goodbye, like a crash or a pulled plug. Resolves once the process is gone. */
  crash(): Promise<void>
  /** Starts it again on the same port; `keepData: false` (or persistence `none`) starts empty. */
  start(options: { keepData: boolean }): Promise<void>
  /** Stops it for good and removes its data directory. */
  dispose(): Promise<void>
}

const READY_TIMEOUT_MS = 30_000

export async function startPrivateRedisServer(options: {
  readonly persistence: RedisPersistence
  readonly dataDir: string
}): Promise<PrivateRedisServer> {
  const port = await findFreeLoopbackPort()
  let child: ChildProcess | null = null

  async function launch(keepData: boolean): Promise<void> {
    if (!keepData || options.persistence === 'none') await rm(options.dataDir, { recursive: true, force: true })
    await mkdir(options.dataDir, { recursive: true })
    const persistence =
      options.persistence === 'aof'
        ? ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
        : ['--appendonly', 'no', '--save', '']
    const started = trackChild(
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          options.dataDir,
          '--loglevel',
          'notice',
          ...persistence,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    )
    try {
      await waitForReady(started)
    } catch (error) {
      started.kill('SIGKILL')
      throw error
    }
    child = started
  }

  await launch(false)
  const crash = async () => {
    const current = child
    child = null
    // Already gone (it died by itself): waiting for its `exit` would wait forever.
    if (current === null || current.exitCode !== null || current.signalCode !== null) return
    const exited = once(current, 'exit')
    current.kill('SIGKILL')
    await exited
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== null
    },
    crash,
    start: ({ keepData }) => launch(keepData),
    async dispose() {
      await crash()
      await rm(options.dataDir, { recursive: true, force: true })
    },
  }
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`redis-server did not become ready within ${READY_TIMEOUT_MS} ms:\n${output.slice(-2000)}`))
    }, READY_TIMEOUT_MS)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        child.stdout?.resume()
        child.stderr?.resume()
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${output.slice(-2000)}`))
    })
  })
}

function findFreeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject()))
    })
  })
}
