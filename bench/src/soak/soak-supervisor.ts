import { writeFile } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import { FaultInjector } from './fault-injector'
import { type FaultPlan, planFaults } from './fault-schedule'
import { isAvoidable } from './revocation-attribution'
import { createSeededRandom } from './seeded-random'
import { createSoakEnvironment, type FaultSourceSlot, type SoakEnvironment } from './soak-environment'
import type { SoakOptions } from './soak-options'
import { fingerprintToken, type WorkerMessage } from './soak-protocol'
import {
  countBy,
  countRefreshCycles,
  findNearestFault,
  type InstanceEnd,
  type SoakReport,
  summarizeRevocations,
} from './soak-report'
import { addWorkerStats, countCode, createAggregateStats } from './stats-aggregate'
import { readErrorCode } from './worker-hooks'
import { type WorkerHandle, WorkerPool } from './worker-pool'

/** Probe outcomes that are a clear, final answer for the customer rather than a stuck connection. */
const SETTLED_PROBES = new Set(['healthy', 'reauthorization_required', 'not_connected'])
const FIRST_FAULT_AFTER_MS = 3000
const PROGRESS_EVERY_MS = 30_000
/** Bound on waiting for the last pauses, Redis restarts and respawns once the fault phase is over. */
const QUIESCE_TIMEOUT_MS = 60_000
/** How long the check of a dead worker's in-flight saves keeps trying while Redis is down. */
const POST_MORTEM_MS = 10_000

/**
 * One soak run: start everything, connect every instance, let the workers call while the schedule's
 * faults land, go calm, probe every instance, and tell what happened. Stops everything it started.
 */
export async function runSoak(options: SoakOptions, log: (line: string) => void): Promise<SoakReport> {
  const startedAt = performance.now()
  const clock = () => Math.round(performance.now() - startedAt)
  const random = createSeededRandom(options.seed)
  const faultSlot: FaultSourceSlot = {
    source: null,
    takeRefreshFault: (target) => faultSlot.source?.takeRefreshFault(target) ?? { fault: 'none', latencyMs: 0 },
  }
  const env = await createSoakEnvironment(options, clock, faultSlot)
  let pool: WorkerPool | null = null
  try {
    return await runPhases(
      env,
      options,
      clock,
      random,
      faultSlot,
      (created) => {
        pool = created
      },
      log,
    )
  } finally {
    ;(pool as WorkerPool | null)?.killAll()
    await env.dispose()
  }
}

async function runPhases(
  env: SoakEnvironment,
  options: SoakOptions,
  clock: () => number,
  random: ReturnType<typeof createSeededRandom>,
  faultSlot: FaultSourceSlot,
  exposePool: (pool: WorkerPool) => void,
  log: (line: string) => void,
): Promise<SoakReport> {
  const { connector, ledger, instanceKeys } = env
  const stats = createAggregateStats()
  const reconnections: Record<string, number> = {}
  const grants = new Map(instanceKeys.map((key) => [key, 0]))
  const background = new Set<Promise<unknown>>()
  const track = (work: Promise<unknown>) => {
    background.add(work)
    void work.catch(() => {}).finally(() => background.delete(work))
  }
  let phase: 'faults' | 'calm' | 'finishing' = 'faults'
  let killed = 0
  const harnessErrors: string[] = []
  let unexpectedExits = 0

  async function connect(instanceKey: string, reason: string): Promise<void> {
    try {
      await connector.connect(instanceKey)
      grants.set(instanceKey, (grants.get(instanceKey) ?? 0) + 1)
      if (reason !== 'initial') countCode(reconnections, reason)
    } catch (error) {
      countCode(reconnections, `failed_${reason}:${readErrorCode(error)}`)
    }
  }

  for (const key of instanceKeys) await connect(key, 'initial')
  log(`connected ${instanceKeys.length} instances; starting ${options.workers} workers`)

  // The persisted-pair check after a death: did a save the dead holder had in flight land before it died?
  // Only answers that can still have been in flight matter; it gives up when Redis stays down.
  async function checkPairsOfDeadWorker(workerId: string, diedAt: number): Promise<void> {
    const inFlightSince = diedAt - 2 * (options.sdk.lockLeaseMs + options.sdk.httpTimeoutMs)
    const giveUpAt = clock() + POST_MORTEM_MS
    for (const rotation of ledger.findUnpersistedRotations(workerId, inFlightSince)) {
      if (rotation.instanceKey === null || rotation.issuedHash === null) continue
      while (clock() < giveUpAt) {
        try {
          const stored = await connector.readRefreshToken(rotation.instanceKey)
          if (stored !== null && fingerprintToken(stored) === rotation.issuedHash) {
            ledger.recordPersisted(rotation.issuedHash, diedAt, `found in Redis after ${workerId} died`)
          }
          break
        } catch {
          await delay(500)
        }
      }
    }
  }

  const pool: WorkerPool = new WorkerPool({
    size: options.workers,
    createConfig: (workerId, seed) => ({ ...env.workerConfig, workerId, seed: options.seed * 7919 + seed }),
    onMessage(worker, message: WorkerMessage) {
      if (message.type === 'hook') {
        if (message.point === 'before_send') {
          ledger.recordSend(message.workerId, message.tokenHash, message.recordStatus)
        }
        injector.onHook(worker, message)
      } else if (message.type === 'stats' || message.type === 'finished') addWorkerStats(stats, message.stats)
      else if (message.type === 'saved') {
        if (message.saved) ledger.recordPersisted(message.tokenHash, clock(), `saved by ${worker.workerId}`)
        else countCode(stats.errorsByCode, `save_of_refreshed_pair_failed:${message.errorCode ?? 'not_saved'}`)
      }
    },
    onDeath(worker: WorkerHandle) {
      if (phase === 'finishing') return
      ledger.recordDeath(worker.workerId, clock())
      if (worker.killed) killed++
      else unexpectedExits++
      track(checkPairsOfDeadWorker(worker.workerId, clock()))
      const respawn = delay(random.between(300, 1000)).then(() =>
        phase === 'finishing' ? null : pool.spawn(worker.slot),
      )
      track(
        respawn.catch((error: unknown) =>
          harnessErrors.push(
            `respawning ${worker.workerId}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        ),
      )
    },
  })
  exposePool(pool)
  const injector = new FaultInjector({
    pool,
    redis: env.redis,
    random,
    clock,
    timings: {
      pauseMs: { min: options.sdk.lockLeaseMs + 500, max: options.sdk.lockLeaseMs + 2000 },
      redisOutageMs: { min: options.sdk.commandTimeoutMs * 1.2, max: options.sdk.commandTimeoutMs * 2.5 },
      latencyMs: { min: 200, max: options.sdk.httpTimeoutMs * 1.5 },
    },
  })
  faultSlot.source = injector
  await pool.startAll()

  const faultPhaseEnd = clock() + options.minutes * 60_000
  const plans = planFaults(random, {
    kinds: options.faultKinds,
    repeat: options.repeat,
    startMs: clock() + FIRST_FAULT_AFTER_MS,
    endMs: faultPhaseEnd,
  })
  const timers = plans.map((plan: FaultPlan) =>
    setTimeout(() => phase === 'faults' && injector.arm(plan), plan.at - clock()),
  )
  log(`fault phase: ${plans.length} faults over ${options.minutes} min`)

  // The simulated customer connects again whatever lost its grant or its record, so cycles go on.
  /** Resolves how many records could not be read (Redis still down or reconnecting). */
  const reconnectLostInstances = async () => {
    let unreadable = 0
    for (const key of instanceKeys) {
      const status = await connector.readStatus(key)
      if (status === 'missing' || status === 'reauthorization_required') await connect(key, `after_${status}`)
      if (status === 'unreadable') unreadable++
    }
    return unreadable
  }
  let nextProgressAt = clock() + PROGRESS_EVERY_MS
  while (clock() < faultPhaseEnd) {
    await reconnectLostInstances()
    await delay(Math.min(1000, Math.max(0, faultPhaseEnd - clock())))
    if (clock() >= nextProgressAt) {
      nextProgressAt += PROGRESS_EVERY_MS
      const revoked = ledger.revocations
      log(
        `${countRefreshCycles(ledger.presentations)} refresh cycles, ${revoked.length} grants revoked (${revoked.filter((revocation) => isAvoidable(revocation.cause)).length} avoidable); ${injector.describeState()}`,
      )
    }
  }
  phase = 'calm'
  for (const timer of timers) clearTimeout(timer)
  await injector.quiesce(QUIESCE_TIMEOUT_MS)
  const backgroundDeadline = clock() + QUIESCE_TIMEOUT_MS
  while (background.size > 0 && clock() < backgroundDeadline) {
    await Promise.race([Promise.allSettled([...background]), delay(500)])
  }
  if (background.size > 0) harnessErrors.push('respawns or post-mortem checks still running after the faults')
  // Once more after the last fault (a Redis restart may have lost every record); then nobody helps.
  for (let attempt = 0; attempt < 20 && (await reconnectLostInstances()) > 0; attempt++) await delay(500)
  log(`calm phase: ${options.settleSeconds} s without faults`)
  await delay(options.settleSeconds * 1000)

  phase = 'finishing'
  for (const finalStats of await pool.finishAll()) addWorkerStats(stats, finalStats)
  pool.killAll()
  const instances = await probeInstances(env, grants)
  if (options.tracePath !== null) {
    const trace = [...ledger.trace, ...injector.landed.map((fault) => ({ event: 'fault', ...fault }))]
    await writeFile(options.tracePath, `${trace.map((entry) => JSON.stringify(entry)).join('\n')}\n`)
  }
  const revocations = ledger.revocations.map((revocation) => ({
    ...revocation,
    nearestFault: findNearestFault(injector.landed, revocation),
  }))
  const revocationsByInstance = countBy(revocations, (revocation) => revocation.instanceKey ?? '?')
  const ended = instances.map((end) => ({ ...end, revocations: revocationsByInstance[end.instanceKey] ?? 0 }))
  const summary = summarizeRevocations(revocations)
  const stuck = ended.filter((end) => end.stuck).map((end) => end.instanceKey)
  return {
    options,
    durationSeconds: clock() / 1000,
    refreshCycles: countRefreshCycles(ledger.presentations),
    presentationsByOutcome: countBy(ledger.presentations, (presentation) => presentation.outcome),
    revocations,
    ...summary,
    faultsPlanned: countBy(plans, (plan) => plan.kind),
    faultsLanded: countBy(injector.landed, (fault) => fault.kind),
    faultsMissed: countBy(injector.missed, (kind) => kind),
    reconnections,
    workers: { ...stats, killed, unexpectedExits },
    instances: ended,
    stuck,
    harnessErrors: [...harnessErrors, ...injector.harnessErrors],
    passed: summary.avoidableRevocations === 0 && stuck.length === 0,
  }
}

/** A final `rw.fetch` per instance from a hook-free client: healthy, a clear final answer, or stuck. */
async function probeInstances(env: SoakEnvironment, grants: Map<string, number>): Promise<InstanceEnd[]> {
  const ends: InstanceEnd[] = []
  for (const instanceKey of env.instanceKeys) {
    let probe: string
    try {
      const response = await env.connector.rw.fetch(instanceKey, '/instance')
      const body = (await response.json()) as { key?: string }
      probe = response.ok && body.key === instanceKey ? 'healthy' : `api_status_${response.status}`
    } catch (error) {
      probe = readErrorCode(error)
    }
    const storedStatus = await env.connector.readStatus(instanceKey)
    const stuck = !SETTLED_PROBES.has(probe)
    ends.push({ instanceKey, storedStatus, probe, grants: grants.get(instanceKey) ?? 0, revocations: 0, stuck })
  }
  return ends
}
