import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { trackChild } from './child-registry'
import type { SoakWorkerConfig, SupervisorMessage, WorkerMessage, WorkerStats } from './soak-protocol'

const WORKER_SCRIPT = fileURLToPath(new URL('./soak-worker.ts', import.meta.url))
const READY_TIMEOUT_MS = 30_000
const FINISH_TIMEOUT_MS = 15_000

/** One incarnation of a worker slot; a killed worker's slot gets a new incarnation. */
export interface WorkerHandle {
  readonly workerId: string
  readonly slot: number
  readonly child: ChildProcess
  paused: boolean
  dead: boolean
  /** SIGKILLed by the soak (a fault), as opposed to exiting on its own. */
  killed: boolean
}

export interface WorkerPoolOptions {
  readonly size: number
  readonly createConfig: (workerId: string, seed: number) => SoakWorkerConfig
  readonly onMessage: (worker: WorkerHandle, message: WorkerMessage) => void
  /** Called once per incarnation when it is known to be gone (killed by us or exited). */
  readonly onDeath: (worker: WorkerHandle) => void
}

/** The soak's worker processes: spawn, SIGKILL, SIGSTOP/SIGCONT, respawn, and kill them all on the way out. */
export class WorkerPool {
  readonly #options: WorkerPoolOptions
  readonly #current = new Map<number, WorkerHandle>()
  readonly #incarnations = new Map<number, number>()
  readonly #all = new Set<WorkerHandle>()

  constructor(options: WorkerPoolOptions) {
    this.#options = options
  }

  /** Live (not killed) incarnations, paused ones included. */
  get live(): WorkerHandle[] {
    return [...this.#current.values()].filter((worker) => !worker.dead)
  }

  startAll(): Promise<WorkerHandle[]> {
    return Promise.all(Array.from({ length: this.#options.size }, (_, slot) => this.spawn(slot)))
  }

  /** Starts the next incarnation of `slot` and resolves when it is ready to call the SDK. */
  spawn(slot: number): Promise<WorkerHandle> {
    const incarnation = (this.#incarnations.get(slot) ?? 0) + 1
    this.#incarnations.set(slot, incarnation)
    const workerId = `w${slot}#${incarnation}`
    const config = this.#options.createConfig(workerId, slot * 1000 + incarnation)
    const child = trackChild(
      spawn(process.execPath, ['--conditions=@rw/source', '--import', 'tsx', WORKER_SCRIPT], {
        env: { ...process.env, RW_SOAK_CONFIG: JSON.stringify(config) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    )
    const worker: WorkerHandle = { workerId, slot, child, paused: false, dead: false, killed: false }
    this.#current.set(slot, worker)
    this.#all.add(worker)
    child.on('exit', () => this.#markDead(worker))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${workerId} was not ready within ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      )
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer)
          resolve(worker)
        }
        this.#options.onMessage(worker, message)
      })
      child.once('exit', () => {
        clearTimeout(timer)
        // Killed by a fault while starting: not a failure, its slot is respawned like any other.
        if (worker.killed) resolve(worker)
        else reject(new Error(`${workerId} exited before it was ready`))
      })
    })
  }

  send(worker: WorkerHandle, message: SupervisorMessage): void {
    if (!worker.dead && worker.child.connected) worker.child.send(message)
  }

  kill(worker: WorkerHandle): void {
    worker.killed = true
    this.#markDead(worker)
    worker.child.kill('SIGKILL')
  }

  pause(worker: WorkerHandle): void {
    worker.paused = true
    worker.child.kill('SIGSTOP')
  }

  resume(worker: WorkerHandle): void {
    worker.paused = false
    if (!worker.dead) worker.child.kill('SIGCONT')
  }

  /** Asks every live worker to stop its callers and report; SIGKILLs whoever has not exited in time. */
  async finishAll(): Promise<WorkerStats[]> {
    const finished = this.live.map(
      (worker) =>
        new Promise<WorkerStats | null>((resolve) => {
          const timer = setTimeout(() => {
            this.kill(worker)
            resolve(null)
          }, FINISH_TIMEOUT_MS)
          worker.child.on('message', (message: WorkerMessage) => {
            if (message.type === 'finished') {
              clearTimeout(timer)
              resolve(message.stats)
            }
          })
          worker.child.once('exit', () => {
            clearTimeout(timer)
            resolve(null)
          })
          this.send(worker, { type: 'finish' })
        }),
    )
    const stats = await Promise.all(finished)
    return stats.filter((item): item is WorkerStats => item !== null)
  }

  /** SIGKILL every incarnation still running (stopped ones included); safe to call more than once. */
  killAll(): void {
    for (const worker of this.#all) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL')
      this.#markDead(worker)
    }
  }

  #markDead(worker: WorkerHandle): void {
    if (worker.dead) return
    worker.dead = true
    this.#options.onDeath(worker)
  }
}
