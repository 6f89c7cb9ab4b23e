import { availableParallelism, loadavg } from 'node:os'
import { DEFAULT_BACKOFF_POLICY } from '@rw/oauth-core'
import { countSetupRetries, type SlotStats, type StoreInspection } from './fleet-environment'
import { type HerdPlan, type HerdRun, measureHerd } from './fleet-herd'
import { measureOutage, type OutagePlan, type OutageRun } from './fleet-outage'

const PROCESSES = 4
const CAP = 8
const HOT_PATH_FACTOR = 2
const OUTAGE_FACTOR = 100

const readNumber = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback)
  if (!(Number.isFinite(value) && value > 0))
    throw new Error(`${name} must be a positive number; got ${process.env[name]}.`)
  return value
}

/** The plans, with the environment's overrides (`RW_BENCH_HERD_INSTANCES`, `RW_BENCH_FLEET_LATENCY_MS`, …). */
export function readFleetPlans(): { herd: HerdPlan; outage: OutagePlan } {
  const latencyMs = readNumber('RW_BENCH_FLEET_LATENCY_MS', 25)
  return {
    herd: {
      instances: readNumber('RW_BENCH_HERD_INSTANCES', 10_000),
      processes: PROCESSES,
      latencyMs,
      foregroundIntervalMs: 5,
      hotPhaseMs: 4_000,
      sweepIntervalMs: 2_000,
      timeoutMs: readNumber('RW_BENCH_HERD_TIMEOUT_SECONDS', 300) * 1000,
    },
    outage: {
      instances: readNumber('RW_BENCH_OUTAGE_INSTANCES', 1_000),
      processes: PROCESSES,
      callersPerProcess: 16,
      latencyMs,
      outageMs: readNumber('RW_BENCH_OUTAGE_SECONDS', 20) * 1000,
      sweepIntervalMs: 2_000,
      recoveryTimeoutMs: DEFAULT_BACKOFF_POLICY.maxMs + 30_000,
    },
  }
}

const load = () =>
  `load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on ${availableParallelism()} CPUs`
const ms = (value: number) => `${value.toFixed(1)} ms`
const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED')
const describeFailures = (failures: Readonly<Record<string, number>>) =>
  Object.keys(failures).length === 0
    ? 'none'
    : Object.entries(failures)
        .map(([code, count]) => `${code} ${count}`)
        .join(', ')

const describeStore = (store: StoreInspection, instances: number) =>
  `store: refreshed ${store.refreshed}/${instances}` +
  (Object.keys(store.others).length === 0 ? '' : `, the others ${describeFailures(store.others)}`)

const describeSlots = (slots: SlotStats, tokenCalls: number) =>
  `cap slot attempts ${slots.attempts} (granted ${slots.granted}), ${(slots.attempts / Math.max(1, tokenCalls)).toFixed(1)} per token call; ` +
  `disconnected/reauthorization/outcome-unknown events: ${describeFailures(slots.unexpectedEvents)}`

function printHerdRun(run: HerdRun, plan: HerdPlan): void {
  const label = run.mode === 'on' ? 'policy on (background refresh, cap 8)' : 'policy off (on demand, no cap)'
  const exact = run.tokenCalls === plan.instances && run.duplicates === 0
  console.log(`  ${label}`)
  console.log(
    `    ${run.complete ? 'all refreshed' : 'NOT all refreshed'} in ${(run.durationMs / 1000).toFixed(1)} s: ` +
      `token-endpoint calls ${run.tokenCalls} for ${run.refreshedInstances} instances ` +
      `(${run.mode === 'on' ? `target = ${plan.instances} ${verdict(exact)}` : `${plan.instances - run.refreshedInstances} still due`}), ` +
      `duplicates ${run.duplicates}, invalid_grant ${run.invalidGrant}; ${describeStore(run.store, plan.instances)}`,
  )
  const capNote = run.mode === 'on' ? ` (cap ${CAP}) ${verdict(run.peakConcurrentCalls <= CAP)}` : ''
  const ratio = run.herd.p99Ms / run.hot.p99Ms
  const ratioNote = run.mode === 'on' ? ` (target ≤ ${HOT_PATH_FACTOR}) ${verdict(ratio <= HOT_PATH_FACTOR)}` : ''
  const meanConcurrency = (run.tokenCalls * plan.latencyMs) / run.durationMs
  console.log(
    `    peak concurrent calls at the mock ${run.peakConcurrentCalls}${capNote}; mean ${meanConcurrency.toFixed(1)} ` +
      `(calls × latency / duration), ${(run.refreshedInstances / (run.durationMs / 1000)).toFixed(0)} refreshes/s; ` +
      describeSlots(run.slots, run.tokenCalls),
  )
  console.log(
    `    foreground getAccessToken: hot path p50 ${ms(run.hot.p50Ms)} p99 ${ms(run.hot.p99Ms)} (${run.hot.count} calls); ` +
      `during the herd p50 ${ms(run.herd.p50Ms)} p99 ${ms(run.herd.p99Ms)} (${run.herd.count} calls); ` +
      `p99 ratio ${ratio.toFixed(2)}${ratioNote}; failures ${describeFailures(run.foregroundFailures)}`,
  )
}

const OUTAGE_LABELS: Record<OutageRun['mode'], string> = {
  on: 'policy on (defaults: backoff 1 s…60 s, breaker after 10 failures, probe every 5 s, cap 8)',
  off: "policy off as briefed (today's: backoff 1 ms, breaker never opens; cap 8 kept)",
  'off-uncapped': 'policy off and no cap (refreshConcurrency 1 000 000): the SDK before the fleet work',
}

function printOutageRun(run: OutageRun, plan: OutagePlan): void {
  const label = OUTAGE_LABELS[run.mode]
  const recovery =
    run.recoveryMs === null
      ? `NOT every instance fresh within ${(plan.recoveryTimeoutMs / 1000).toFixed(0)} s`
      : `every instance fresh ${(run.recoveryMs / 1000).toFixed(1)} s after recovery`
  const ceiling =
    run.mode === 'on' && run.recoveryMs !== null
      ? ` (target ≤ backoff ceiling ${DEFAULT_BACKOFF_POLICY.maxMs / 1000} s) ${verdict(run.recoveryMs <= DEFAULT_BACKOFF_POLICY.maxMs)}`
      : ''
  console.log(`  ${label}`)
  console.log(
    `    token-endpoint requests during the outage ${run.requestsDuringOutage}, after recovery ${run.requestsAfterRecovery}; ${recovery}${ceiling}`,
  )
  console.log(
    `    getAccessToken calls ${run.tally.calls} (served ${run.tally.served}, failures ${describeFailures(run.tally.failures)}); ` +
      describeStore(run.store, plan.instances),
  )
  console.log(`    ${describeSlots(run.slots, run.requestsDuringOutage + run.requestsAfterRecovery)}`)
}

/** The Herd and Outage benchmarks, policy on then off in the same run, printed as they finish. */
export async function runFleetBenchmarks(): Promise<void> {
  const plans = readFleetPlans()
  const { herd, outage } = plans
  console.log(
    `\nHerd: ${herd.instances} connections due at once, ${herd.processes} processes (each its own ioredis connection and ` +
      `RedisTokenStore), mock token endpoint on loopback answering after ${herd.latencyMs} ms; foreground: each process ` +
      `calls getAccessToken on a random instance every ${herd.foregroundIntervalMs} ms; hot path = the same loop on ` +
      `fresh tokens just before (${herd.hotPhaseMs / 1000} s). ${load()}`,
  )
  const on = await measureHerd(herd, 'on')
  printHerdRun(on, herd)
  const off = await measureHerd(herd, 'off', on.durationMs)
  printHerdRun(off, herd)
  console.log(`  ${load()}`)

  console.log(
    `\nOutage: ${outage.instances} due connections; the refresh endpoint answers 503 for ${outage.outageMs / 1000} s ` +
      `while ${outage.processes} processes × ${outage.callersPerProcess} loops call getAccessToken on random instances ` +
      `as fast as they can (latency ${outage.latencyMs} ms). ${load()}`,
  )
  const outageOn = await measureOutage(outage, 'on')
  printOutageRun(outageOn, outage)
  for (const mode of ['off', 'off-uncapped'] as const) {
    const outageOff = await measureOutage(outage, mode)
    printOutageRun(outageOff, outage)
    const factor = outageOff.requestsDuringOutage / Math.max(1, outageOn.requestsDuringOutage)
    console.log(
      `    → ${factor.toFixed(0)}× fewer requests during the outage with the policy on (target ≥ ${OUTAGE_FACTOR}×) ${verdict(factor >= OUTAGE_FACTOR)}`,
    )
  }
  console.log(`  ${load()}`)
  const retries = countSetupRetries()
  if (retries > 0) console.log(`  (setup steps retried after a Redis error: ${retries})`)
}
