import { createFleetEnvironment, type FleetWorkers } from './fleet-environment'
import type { PolicyMode } from './fleet-herd'
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
  readonly mode: PolicyMode
  readonly requestsDuringOutage: number
  readonly requestsAfterRecovery: number
  /** Recovery → every instance refreshed at the mock; `null` when that did not happen within the timeout. */
  readonly recoveryMs: number | null
  readonly refreshedInStore: number
  readonly counts: Readonly<Record<string, number>>
  readonly tally: CallTally
}

/** The policy on is the defaults; off is "today's behaviour": a 1 ms backoff and a breaker that never opens. */
const CLIENT_OPTIONS: Record<PolicyMode, FleetWorkerConfig['client']> = {
  on: {},
  off: { refreshBackoff: { baseMs: 1, maxMs: 1 }, circuitBreaker: { failureThreshold: Number.MAX_SAFE_INTEGER } },
}

/**
 * `instances` due connections; the refresh endpoint answers 503 for `outageMs` while every process calls
 * `getAccessToken` on random instances as fast as it can; then the endpoint recovers and the run waits until
 * every instance has been refreshed.
 */
export async function measureOutage(plan: OutagePlan, mode: PolicyMode): Promise<OutageRun> {
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
      refreshedInStore: await environment.countRefreshedInStore(),
      counts: await environment.store.countConnections(),
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
