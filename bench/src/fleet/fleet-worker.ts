/** One process of the fleet benchmarks: its own ioredis connection, RedisTokenStore and client. */
import type { StopBackgroundRefresh } from '@rw/oauth-client'
import { RedisTokenStore } from '@rw/oauth-redis'
import { Redis } from 'ioredis'
import { createBenchRadioWorkflow } from '../bench-client'
import { silentLogger } from '../bench-setup'
import type { CallTally, FleetCommand, FleetReply, FleetWorkerConfig } from './fleet-protocol'

/** A loop that is never stopped ends by itself after this long (the benchmark process may have died). */
const SAFETY_STOP_MS = 10 * 60_000

const config = JSON.parse(process.env.RW_BENCH_FLEET_CONFIG ?? '{}') as FleetWorkerConfig
const slotStats = { slotAttempts: 0, slotsGranted: 0 }
/** SDK events that should not happen in these benchmarks (no user disconnects, no revoked grants). */
const unexpectedEvents: Record<string, number> = {}

/** Counts the client's attempts at a slot of the fleet-wide cap (each is one Redis script). */
class SlotCountingStore extends RedisTokenStore {
  override async tryAcquireSlot(name: string, limit: number, leaseMs: number) {
    slotStats.slotAttempts++
    const slot = await super.tryAcquireSlot(name, limit, leaseMs)
    if (slot !== null) slotStats.slotsGranted++
    return slot
  }
}

const redis = new Redis(config.redisUrl)
const store = new SlotCountingStore({
  redis,
  prefix: config.prefix,
  logger: silentLogger,
  encryption: { keys: [{ id: 'bench', key: config.encryptionKey }] },
})
const rw = createBenchRadioWorkflow({ endpoints: config.endpoints, store, ...config.client })

for (const event of ['disconnected', 'reauthorization_required', 'refresh_outcome_unknown'] as const) {
  rw.on(event, () => {
    unexpectedEvents[event] = (unexpectedEvents[event] ?? 0) + 1
  })
}

const pickInstance = () => `${config.keyPrefix}${Math.floor(Math.random() * config.instances)}`

function createTally() {
  const tally = { calls: 0, served: 0, failures: {} as Record<string, number> }
  const record = (call: Promise<unknown>) => {
    tally.calls++
    return call.then(
      () => {
        tally.served++
      },
      (error: unknown) => {
        const code = (error as { code?: string }).code ?? (error as Error).name ?? 'unknown'
        tally.failures[code] = (tally.failures[code] ?? 0) + 1
      },
    )
  }
  return { tally: tally as CallTally, record }
}

function startForeground(intervalMs: number) {
  const latenciesMs: number[] = []
  const { tally, record } = createTally()
  const pending = new Set<Promise<void>>()
  const timer = setInterval(() => {
    const started = performance.now()
    const call: Promise<void> = record(rw.getAccessToken(pickInstance())).then(() => {
      latenciesMs.push(performance.now() - started)
      pending.delete(call)
    })
    pending.add(call)
  }, intervalMs)
  const safety = setTimeout(() => clearInterval(timer), SAFETY_STOP_MS)
  return async (): Promise<FleetReply> => {
    clearInterval(timer)
    clearTimeout(safety)
    await Promise.all(pending)
    return { type: 'foreground', latenciesMs, tally }
  }
}

function startHammer(callers: number) {
  const { tally, record } = createTally()
  const deadline = performance.now() + SAFETY_STOP_MS
  let stopped = false
  const loop = async () => {
    while (!stopped && performance.now() < deadline) await record(rw.getAccessToken(pickInstance()))
  }
  const loops = Promise.all(Array.from({ length: callers }, loop))
  return async (): Promise<FleetReply> => {
    stopped = true
    await loops
    return { type: 'hammer', tally }
  }
}

let stopForeground: (() => Promise<FleetReply>) | null = null
let stopHammer: (() => Promise<FleetReply>) | null = null
let stopBackground: StopBackgroundRefresh | null = null
const ok: FleetReply = { type: 'ok' }

async function perform(command: FleetCommand): Promise<FleetReply> {
  switch (command.type) {
    case 'start-foreground':
      stopForeground = startForeground(command.intervalMs)
      return ok
    case 'stop-foreground':
      return (await stopForeground?.()) ?? ok
    case 'start-hammer':
      stopHammer = startHammer(command.callers)
      return ok
    case 'stop-hammer':
      return (await stopHammer?.()) ?? ok
    case 'start-background':
      stopBackground = rw.startBackgroundRefresh(command.options)
      return ok
    case 'stop-background':
      await stopBackground?.()
      return ok
    case 'read-stats':
      return { type: 'stats', ...slotStats, unexpectedEvents }
    case 'exit':
      await store.close()
      await redis.quit()
      return ok
  }
}

// Commands run one after another, so each reply answers the command before it.
let queue: Promise<unknown> = Promise.resolve()
process.on('message', (command: FleetCommand) => {
  queue = queue.then(async () => {
    process.send?.(await perform(command))
    if (command.type === 'exit') process.disconnect?.()
  })
})

await redis.ping()
process.send?.({ type: 'ready' } satisfies FleetReply)
