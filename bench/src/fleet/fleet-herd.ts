import type { MockCounters } from '@rw/oauth-testing'
import {
  createFleetEnvironment,
  type FleetEnvironment,
  type FleetWorkers,
  type SlotStats,
  type StoreInspection,
} from './fleet-environment'
import type { FleetReply, FleetWorkerConfig } from './fleet-protocol'
import { type LatencySummary, summarizeLatencies } from './latency-summary'
import { sleep, waitUntil } from './wait-until'

/** A discarded foreground phase first (module loading, JIT, connections). */
const WARM_UP_MS = 1_000
const STORE_CATCH_UP_MS = 10_000

export interface HerdPlan {
  readonly instances: number
  readonly processes: number
  /** Injected latency of every token-endpoint answer. */
  readonly latencyMs: number
  /** Each process calls `getAccessToken` once per this interval (open loop) during both phases. */
  readonly foregroundIntervalMs: number
  readonly hotPhaseMs: number
  /** Background refresh `intervalMs` (policy on). */
  readonly sweepIntervalMs: number
  /** A herd that has not refreshed every instance by then is reported incomplete. */
  readonly timeoutMs: number
}

export type PolicyMode = 'on' | 'off'

export interface HerdRun {
  readonly mode: PolicyMode
  /** From the moment the connections were made due to the last instance refreshed (or the window's end). */
  readonly durationMs: number
  readonly complete: boolean
  readonly tokenCalls: number
  readonly refreshedInstances: number
  /** Successful refreshes beyond one per instance. */
  readonly duplicates: number
  readonly invalidGrant: number
  readonly peakConcurrentCalls: number
  readonly store: StoreInspection
  /** From the moment the connections were made due. */
  readonly slots: SlotStats
  readonly hot: LatencySummary
  readonly herd: LatencySummary
  readonly foregroundFailures: Readonly<Record<string, number>>
}

/** Policy on: background refresh in every process under the default cap; off: callers refresh on demand, no cap. */
const CLIENT_OPTIONS: Record<PolicyMode, FleetWorkerConfig['client']> = {
  on: {},
  off: { refreshConcurrency: 1_000_000 },
}

/**
 * Every connection comes due at once: with the policy on, background refresh in every process refreshes them
 * (each exactly once, under the fleet-wide cap) while a foreground loop calls `getAccessToken`; with it off,
 * only the foreground calls trigger refreshes, for `windowMs` (default: until every instance is refreshed).
 */
export async function measureHerd(plan: HerdPlan, mode: PolicyMode, windowMs = plan.timeoutMs): Promise<HerdRun> {
  const environment = await createFleetEnvironment(plan.instances, plan.latencyMs)
  let workers: FleetWorkers | undefined
  try {
    await environment.seed(Date.now() + 3_600_000)
    workers = await environment.spawnWorkers(plan.processes, CLIENT_OPTIONS[mode])
    if (mode === 'on') await workers.send({ type: 'start-background', options: { intervalMs: plan.sweepIntervalMs } })
    await runForeground(workers, plan, () => sleep(WARM_UP_MS))
    const hot = await runForeground(workers, plan, () => sleep(plan.hotPhaseMs))
    environment.mock.resetCounters()
    const slotsBefore = await workers.readSlotStats()
    let durationMs = 0
    let complete = false
    const herd = await runForeground(workers, plan, async () => {
      const started = performance.now()
      // Due for every process's jitter (window 300 s + up to 60 s), still valid for four minutes.
      await environment.rewriteExpiry(Date.now() + 240_000)
      complete = await waitUntil(
        () => countRefreshed(environment.mock.counters) >= plan.instances,
        Math.min(windowMs, plan.timeoutMs) - (performance.now() - started),
        100,
      )
      durationMs = performance.now() - started
    })
    await workers.send({ type: 'stop-background' })
    // Refreshes behind served tokens may still be saving: give the store a moment to catch up.
    await waitForStore(environment, countRefreshed(environment.mock.counters))
    const slotsAfter = await workers.readSlotStats()
    const slots = {
      attempts: slotsAfter.attempts - slotsBefore.attempts,
      granted: slotsAfter.granted - slotsBefore.granted,
      unexpectedEvents: slotsAfter.unexpectedEvents,
    }
    // Awaited here, not returned as a promise: the finally below deletes the keys the summary reads.
    return await summarizeHerd(mode, environment, { durationMs, complete, hot, herd, slots })
  } finally {
    await workers?.close()
    await environment.dispose()
  }
}

interface ForegroundResult {
  readonly latenciesMs: number[]
  readonly failures: Record<string, number>
}

async function runForeground(workers: FleetWorkers, plan: HerdPlan, during: () => Promise<void>) {
  await workers.send({ type: 'start-foreground', intervalMs: plan.foregroundIntervalMs })
  await during()
  const replies = await workers.send({ type: 'stop-foreground' })
  const result: ForegroundResult = { latenciesMs: [], failures: {} }
  for (const reply of replies as Extract<FleetReply, { type: 'foreground' }>[]) {
    for (const latency of reply.latenciesMs) result.latenciesMs.push(latency)
    for (const [code, count] of Object.entries(reply.tally.failures)) {
      result.failures[code] = (result.failures[code] ?? 0) + count
    }
  }
  return result
}

async function waitForStore(environment: FleetEnvironment, refreshed: number): Promise<void> {
  const deadline = performance.now() + STORE_CATCH_UP_MS
  while ((await environment.inspectStore()).refreshed < refreshed && performance.now() < deadline) await sleep(1_000)
}

function countRefreshed(counters: MockCounters): number {
  return Object.keys(counters.refreshesByInstance).length
}

async function summarizeHerd(
  mode: PolicyMode,
  environment: FleetEnvironment,
  run: { durationMs: number; complete: boolean; hot: ForegroundResult; herd: ForegroundResult; slots: SlotStats },
): Promise<HerdRun> {
  const { counters } = environment.mock
  const refreshedInstances = countRefreshed(counters)
  const failures = { ...run.hot.failures }
  for (const [code, count] of Object.entries(run.herd.failures)) failures[code] = (failures[code] ?? 0) + count
  return {
    mode,
    durationMs: run.durationMs,
    complete: run.complete,
    tokenCalls: counters.refreshRequests,
    refreshedInstances,
    duplicates: counters.refreshSuccesses - refreshedInstances,
    invalidGrant: counters.invalidGrant,
    peakConcurrentCalls: counters.peakConcurrentRefreshRequests,
    store: await environment.inspectStore(),
    hot: summarizeLatencies(run.hot.latenciesMs),
    herd: summarizeLatencies(run.herd.latenciesMs),
    foregroundFailures: failures,
    slots: run.slots,
  }
}
