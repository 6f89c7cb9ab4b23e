import { createFleetEnvironment, type FleetWorkers, type SlotStats, type StoreInspection } from './fleet-environment'
import type { CallTally, FleetReply, FleetWorkerConfig } from './fleet-protocol'
import { sleep, waitUntil } from './wait-until'

export interface OutagePlan {
  readonly instances: number
  readonly processes: number
  /** Concurrent `getAccessToken` loops per process. */
  readonly callersPerProcess: number
  readonly latencyMs: number
  /** How long the refresh endpoint answers 503. */
  readonly outageMs: number
  /** Background refresh `intervalMs` (policy on). */
  readonly sweepIntervalMs: number
  /** After recovery, stop waiting for every instance to be fresh after this long. */
  readonly recoveryTimeoutMs: number
}

export interface OutageRun {
  readonly mode: OutageMode
  readonly requestsDuringOutage: number
  readonly requestsAfterRecovery: number
  /** Recovery → every instance refreshed at the mock; `null` when that did not happen within the timeout. */
  readonly recoveryMs: number | null
  readonly store: StoreInspection
  readonly slots: SlotStats
  readonly tally: CallTally
}

/**
 * `on`: the defaults. `off`: "today's behaviour" as the brief defines it, a 1 ms backoff and a breaker
 * that never opens (the fleet-wide cap of 8 stays). `off-uncapped`: the same without the cap either, as the SDK
 * behaved before the fleet work (every caller of a due token could send a refresh).
 */
export type OutageMode = 'on' | 'off' | 'off-uncapped'

const POLICY_OFF = {
  refreshBackoff: { baseMs: 1, maxMs: 1 },
  circuitBreaker: { failureThreshold: Number.MAX_SAFE_INTEGER },
} as const
const CLIENT_OPTIONS: Record<OutageMode, FleetWorkerConfig['client']> = {
  on: {},
  off: POLICY_OFF,
  'off-uncapped': { ...POLICY_OFF, refreshConcurrency: 1_000_000 },
}

/**
 * `instances` due connections; the refresh endpoint answers 503 for `outageMs` while every process calls
 * `getAccessToken` on random instances as fast as it can; then the endpoint recovers and the run waits until
 * every instance has been refreshed.
 */
export async function measureOutage(plan: OutagePlan, mode: OutageMode): Promise<OutageRun> {
  const environment = await createFleetEnvironment(plan.instances, plan.latencyMs)
  const { mock } = environment
  let workers: FleetWorkers | undefined
  try {
    // Due for every process's jitter (window 300 s + up to 60 s), valid long after the run.
    await environment.seed(Date.now() + 290_000)
    workers = await environment.spawnWorkers(plan.processes, CLIENT_OPTIONS[mode])
    mock.faults.outage = {
      kind: 'status',
      status: 503,
      body: '{"error":"temporarily_unavailable"}',
      endpoint: 'refresh',
    }
    mock.resetCounters()
    if (mode === 'on') await workers.send({ type: 'start-background', options: { intervalMs: plan.sweepIntervalMs } })
    await workers.send({ type: 'start-hammer', callers: plan.callersPerProcess })
    await sleep(plan.outageMs)
    mock.faults.outage = null
    const requestsDuringOutage = mock.counters.refreshRequests
    const recovered = performance.now()
    const complete = await waitUntil(
      () => Object.keys(mock.counters.refreshesByInstance).length >= plan.instances,
      plan.recoveryTimeoutMs,
    )
    const recoveryMs = complete ? performance.now() - recovered : null
    const replies = (await workers.send({ type: 'stop-hammer' })) as Extract<FleetReply, { type: 'hammer' }>[]
    await workers.send({ type: 'stop-background' })
    return {
      mode,
      requestsDuringOutage,
      requestsAfterRecovery: mock.counters.refreshRequests - requestsDuringOutage,
      recoveryMs,
      store: await environment.inspectStore(),
      slots: await workers.readSlotStats(),
      tally: mergeTallies(replies.map((reply) => reply.tally)),
    }
  } finally {
    mock.faults.outage = null
    await workers?.close()
    await environment.dispose()
  }
}

function mergeTallies(tallies: readonly CallTally[]): CallTally {
  const failures: Record<string, number> = {}
  for (const tally of tallies) {
    for (const [code, count] of Object.entries(tally.failures)) failures[code] = (failures[code] ?? 0) + count
  }
  return {
    calls: tallies.reduce((sum, tally) => sum + tally.calls, 0),
    served: tallies.reduce((sum, tally) => sum + tally.served, 0),
    failures,
  }
}
