import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { ParentMessage, WorkerConfig, WorkerMessage } from './refresh-worker-protocol'

const WORKER = fileURLToPath(new URL('../workers/refresh-worker.ts', import.meta.url))
const PACKAGE_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url))

/** A worker process (Node + tsx, resolving workspace packages to source) and its IPC messages. */
export class RefreshWorkerProcess {
  readonly child: ChildProcess
  readonly #inbox: WorkerMessage[] = []
  readonly #waiting: { type: WorkerMessage['type']; deliver: (message: WorkerMessage) => void }[] = []
  #exitError: Error | undefined

  private constructor(child: ChildProcess) {
    this.child = child
    child.on('message', (message: WorkerMessage) => {
      const index = this.#waiting.findIndex((waiter) => waiter.type === message.type || message.type === 'failed')
      if (index === -1) this.#inbox.push(message)
      else this.#waiting.splice(index, 1)[0]!.deliver(message)
    })
    child.on('exit', (code, signal) => {
      this.#exitError = new Error(`refresh worker exited (code ${code}, signal ${signal})`)
    })
  }

  /** Starts a worker and resolves once it is connected to Redis and reported `ready`. */
  static async start(config: WorkerConfig): Promise<RefreshWorkerProcess> {
    const child = spawn(process.execPath, ['--conditions=@rw/source', '--import', 'tsx', WORKER], {
      cwd: PACKAGE_DIRECTORY,
      env: { ...process.env, RW_WORKER_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const worker = new RefreshWorkerProcess(child)
    await worker.next('ready')
    return worker
  }

  send(message: ParentMessage): void {
    this.child.send(message)
  }

  /** The next message of `type` (bounded: rejects if the worker fails or exits first). */
  next<T extends WorkerMessage['type']>(type: T, timeoutMs = 30_000): Promise<Extract<WorkerMessage, { type: T }>> {
    const queued = this.#inbox.findIndex((message) => message.type === type || message.type === 'failed')
    if (queued !== -1) return settle(this.#inbox.splice(queued, 1)[0]!)
    if (this.#exitError !== undefined) return Promise.reject(this.#exitError)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" message within ${timeoutMs} ms`)), timeoutMs)
      const onExit = () => reject(this.#exitError)
      this.child.once('exit', onExit)
      const deliver = (message: WorkerMessage) => {
        clearTimeout(timer)
        this.child.off('exit', onExit)
        settle(message).then(resolve as (value: unknown) => void, reject)
      }
      this.#waiting.push({ type, deliver })
    })

    function settle(message: WorkerMessage): Promise<Extract<WorkerMessage, { type: T }>> {
      if (message.type === 'failed') return Promise.reject(new Error(`refresh worker failed: ${message.error}`))
      return Promise.resolve(message as Extract<WorkerMessage, { type: T }>)
    }
  }

  /** Asks the worker to close its connections and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = once(this.child, 'exit')
    this.send({ type: 'exit' })
    await exited
  }

  /** SIGSTOP: the process freezes mid-flight (like a long GC pause or a suspended VM); `resume` continues it. */
  pause(): void {
    this.child.kill('SIGSTOP')
  }

  resume(): void {
    this.child.kill('SIGCONT')
  }

  /** Sends a terminating signal and waits for the exit. */
  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = once(this.child, 'exit')
    this.child.kill(signal)
    await exited
  }
}
