import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'

/** A loopback port that was free a moment ago. */
export async function findFreePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** A private redis-server child process on a loopback port, for tests that stop, restart or reconfigure it. */
export class RedisServerProcess {
  readonly port: number
  readonly directory: string
  readonly #extraArgs: readonly string[]
  readonly #configFile: string | undefined
  #child: ChildProcess | undefined

  private constructor(port: number, directory: string, extraArgs: readonly string[], configFile?: string) {
    this.port = port
    this.directory = directory
    this.#extraArgs = extraArgs
    this.#configFile = configFile
  }

  /**
   * `config` is written to `redis.conf` in the server's own directory and passed first: Sentinel
   * needs a config file on disk, which it rewrites with what it learns.
   */
  static async start(
    extraArgs: readonly string[] = [],
    { port, config }: { port?: number; config?: string } = {},
  ): Promise<RedisServerProcess> {
    const directory = mkdtempSync(join(tmpdir(), 'rw-redis-'))
    let configFile: string | undefined
    if (config !== undefined) {
      configFile = join(directory, 'redis.conf')
      writeFileSync(configFile, config)
    }
    const server = new RedisServerProcess(port ?? (await findFreePort()), directory, extraArgs, configFile)
    await server.restart()
    return server
  }

  /** Starts (again) on the same port and resolves once it answers PING. */
  async restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        ...(this.#configFile === undefined ? [] : [this.#configFile]),
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--dir',
        this.directory,
        ...this.#extraArgs,
      ],
      { stdio: 'ignore' },
    )
    this.#child = child
    await waitForPing(this.port, () => child.exitCode !== null)
  }

  /** SIGSTOP: the server keeps its connections open but answers nothing (a stalled server). */
  pause(): void {
    this.#child?.kill('SIGSTOP')
  }

  resume(): void {
    this.#child?.kill('SIGCONT')
  }

  /** Stops the server and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child
    this.#child = undefined
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill(signal)
    await exited
  }

  async dispose(): Promise<void> {
    this.resume()
    await this.stop('SIGKILL')
    rmSync(this.directory, { recursive: true, force: true })
  }
}

/** Polls PING (bounded) until the server answers. */
export async function waitForPing(port: number, hasExited: () => boolean = () => false): Promise<void> {
  const probe = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  probe.on('error', () => {})
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (hasExited()) throw new Error(`redis-server on port ${port} exited during start-up`)
      try {
        if (probe.status !== 'ready') await probe.connect()
        if ((await probe.ping()) === 'PONG') return
      } catch {
        probe.disconnect()
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    }
    throw new Error(`redis-server on port ${port} did not answer PING`)
  } finally {
    probe.disconnect()
  }
}
