import { setTimeout as delay } from 'node:timers/promises'
import type { FaultKind, FaultPlan, HookAction } from './fault-schedule'
import type { PrivateRedisServer } from './private-redis-server'
import type { NetworkFaultSource } from './recording-token-server'
import type { SeededRandom } from './seeded-random'
import type { WorkerMessage } from './soak-protocol'
import type { NetworkFault } from './token-request-record'
import type { WorkerHandle, WorkerPool } from './worker-pool'

/** An armed hook fault nobody reached within this long is given up (reported as missed). */
const ARMED_TTL_MS = 30_000
/** A latency fault slows this many consecutive refresh requests. */
const LATENCY_BURST = 4

/** A fault that happened: what, when (soak clock), to whom. */
export interface LandedFault {
  readonly kind: FaultKind
  readonly at: number
  readonly workerId: string | null
  readonly instanceKey: string | null
}

export interface FaultTimings {
  /** SIGSTOP length: longer than the lease. */
  readonly pauseMs: { readonly min: number; readonly max: number }
  /** How long Redis stays down on a restart. */
  readonly redisOutageMs: { readonly min: number; readonly max: number }
  /** Latency of a slowed refresh request (some exceed the SDK's HTTP deadline). */
  readonly latencyMs: { readonly min: number; readonly max: number }
}

export interface FaultInjectorOptions {
  readonly pool: WorkerPool
  readonly redis: PrivateRedisServer
  readonly random: SeededRandom
  readonly clock: () => number
  readonly timings: FaultTimings
}

type HookPlan = Extract<FaultPlan, { target: 'hook' }>
type HookMessage = Extract<WorkerMessage, { type: 'hook' }>

/**
 * Lands the schedule's faults: hook faults on the next worker that reaches the point (it waits for
 * our decision, so the fault lands there by construction), random kills at once, network faults on
 * the next refresh requests. At least one worker always keeps running, and Redis restarts one at a time.
 */
export class FaultInjector implements NetworkFaultSource {
  readonly landed: LandedFault[] = []
  readonly missed: FaultKind[] = []
  /** Failures of the harness itself (e.g. Redis did not come back): the run is then not evidence. */
  readonly harnessErrors: string[] = []
  readonly #options: FaultInjectorOptions
  #armed: HookPlan[] = []
  readonly #network: { kind: FaultKind; fault: NetworkFault; latencyMs: number }[] = []
  readonly #inProgress = new Set<Promise<unknown>>()
  #redisRestarting = false

  constructor(options: FaultInjectorOptions) {
    this.#options = options
  }

  arm(plan: FaultPlan): void {
    const { random, timings } = this.#options
    if (plan.target === 'hook') this.#armed.push(plan)
    else if (plan.target === 'random_worker') this.#killRandomWorker(plan.kind)
    else if (plan.fault === 'latency') {
      for (let i = 0; i < LATENCY_BURST; i++) {
        const latencyMs = Math.round(random.between(timings.latencyMs.min, timings.latencyMs.max))
        this.#network.push({ kind: plan.kind, fault: 'none', latencyMs })
      }
    } else this.#network.push({ kind: plan.kind, fault: plan.fault, latencyMs: 0 })
  }

  takeRefreshFault(target: { workerId: string; instanceKey: string | null }): {
    fault: NetworkFault
    latencyMs: number
  } {
    const next = this.#network.shift()
    if (next === undefined) return { fault: 'none', latencyMs: 0 }
    this.#land(next.kind, target.workerId, target.instanceKey)
    return next
  }

  /** Decides what happens to a worker standing at a hook; replies `decision` unless the worker dies. */
  onHook(worker: WorkerHandle, message: HookMessage): void {
    const { pool, clock } = this.#options
    this.#armed = this.#armed.filter((plan) => {
      const expired = clock() - plan.at > ARMED_TTL_MS
      if (expired) this.missed.push(plan.kind)
      return !expired
    })
    const index = this.#armed.findIndex((plan) => plan.point === message.point && this.#canAct(plan.action))
    const reply = () => pool.send(worker, { type: 'decision', hookId: message.hookId })
    if (index === -1) {
      reply()
      return
    }
    const [plan] = this.#armed.splice(index, 1) as [HookPlan]
    this.#land(plan.kind, worker.workerId, message.instanceKey)
    this.#act(plan.action, worker, reply)
  }

  /** Resolves once every pause is over, Redis is up and nothing is armed any more (or after `timeoutMs`). */
  async quiesce(timeoutMs: number): Promise<void> {
    for (const plan of this.#armed) this.missed.push(plan.kind)
    this.#armed = []
    this.#network.length = 0
    const deadline = this.#options.clock() + timeoutMs
    while (this.#inProgress.size > 0 && this.#options.clock() < deadline) {
      await Promise.race([Promise.allSettled([...this.#inProgress]), delay(500)])
    }
    if (this.#inProgress.size > 0) this.harnessErrors.push(`faults still in progress after ${timeoutMs} ms`)
  }

  /** One line for progress logs. */
  describeState(): string {
    const paused = this.#options.pool.live.filter((worker) => worker.paused).length
    return `${this.landed.length} faults landed, ${this.#armed.length} armed, ${paused} worker(s) paused, Redis ${this.#options.redis.running ? 'up' : 'down'}`
  }

  #canAct(action: HookAction): boolean {
    if (action === 'restart_redis_keep' || action === 'restart_redis_lose') return !this.#redisRestarting
    return this.#runningWorkers().length >= 2
  }

  #act(action: HookAction, worker: WorkerHandle, reply: () => void): void {
    const { pool, random, timings } = this.#options
    switch (action) {
      case 'kill':
        pool.kill(worker)
        return
      case 'pause': {
        pool.pause(worker)
        const pauseMs = random.between(timings.pauseMs.min, timings.pauseMs.max)
        // The decision is queued before SIGCONT: on waking, the worker reads it before its overdue
        // timers run, as a process frozen just before writing its request would write it first.
        this.#track(
          delay(pauseMs).then(() => {
            reply()
            pool.resume(worker)
          }),
        )
        return
      }
      case 'restart_redis_keep':
      case 'restart_redis_lose':
        this.#track(this.#restartRedis(action === 'restart_redis_keep', reply))
    }
  }

  async #restartRedis(keepData: boolean, reply: () => void): Promise<void> {
    const { redis, random, timings } = this.#options
    this.#redisRestarting = true
    try {
      await redis.crash()
      reply()
      await delay(random.between(timings.redisOutageMs.min, timings.redisOutageMs.max))
      await startRedisAgain(redis, keepData)
    } finally {
      this.#redisRestarting = false
    }
  }

  #killRandomWorker(kind: FaultKind): void {
    const candidates = this.#runningWorkers()
    if (candidates.length < 2) {
      this.missed.push(kind)
      return
    }
    const worker = candidates[this.#options.random.index(candidates.length)] as WorkerHandle
    this.#land(kind, worker.workerId, null)
    this.#options.pool.kill(worker)
  }

  #runningWorkers(): WorkerHandle[] {
    return this.#options.pool.live.filter((worker) => !worker.paused)
  }

  #land(kind: FaultKind, workerId: string | null, instanceKey: string | null): void {
    this.landed.push({ kind, at: this.#options.clock(), workerId, instanceKey })
  }

  #track(work: Promise<unknown>): void {
    this.#inProgress.add(work)
    void work
      .catch((error: unknown) => this.harnessErrors.push(error instanceof Error ? error.message : String(error)))
      .finally(() => this.#inProgress.delete(work))
  }
}

/** A start that fails (e.g. a busy machine missing the ready deadline) is tried twice more before it counts. */
async function startRedisAgain(redis: PrivateRedisServer, keepData: boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await redis.start({ keepData })
    } catch (error) {
      if (attempt === 3) throw error
    }
  }
}
