import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { measureAdapters } from './adapter-throughput'
import { createBenchSetup } from './bench-setup'
import type { Comparison } from './compare-paths'
import { runFleetBenchmarks } from './fleet/fleet-benchmark'
import { Fleet, type FleetRow, measureFleetRow } from './fleet-throughput'
import { measureHotPathOverhead } from './hot-path-overhead'
import { measureMemoryStore, measureTokenCache } from './in-process-throughput'
import { measureRefreshStorm } from './refresh-storm-latency'
import { measureRegistry, printRegistryResult } from './registry-listing'
import { fleetInstanceKey } from './seed-fleet'
import { median } from './statistics'

const FLEET_SIZES = [100, 10_000, 100_000] as const
const THROUGHPUT_PLAN = { rounds: 5, phaseMs: 600, warmUpMs: 300, concurrency: 64 }
const IN_PROCESS_PLAN = { rounds: 5, phaseMs: 400, warmUpMs: 200, concurrency: 64 }
const STORM_TARGET_MS = 25

const format = (value: number) => Math.round(value).toLocaleString('en-US')
const range = (values: readonly number[]) => `${format(Math.min(...values))}–${format(Math.max(...values))}`
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim()
const summary: string[] = []

function verdict(ratio: number, goal: number, atMost = false): string {
  const met = atMost ? ratio <= goal : ratio >= goal
  return `${atMost ? '≤' : '≥'} ${goal}: ${met ? 'MET' : 'NOT MET'}`
}

function printComparison(label: string, baseline: string, subject: string, result: Comparison, goal?: number): void {
  const { baseline: b, subject: s, ratio } = result
  console.log(`  ${label}`)
  console.log(
    `    ${baseline.padEnd(34)} median ${format(b.medianOpsPerSecond).padStart(10)} ops/s (rounds ${range(b.opsPerSecond)})  CPU ${b.medianCpuMicrosPerOp.toFixed(2)} µs/call`,
  )
  console.log(
    `    ${subject.padEnd(34)} median ${format(s.medianOpsPerSecond).padStart(10)} ops/s (rounds ${range(s.opsPerSecond)})  CPU ${s.medianCpuMicrosPerOp.toFixed(2)} µs/call`,
  )
  // Client CPU per call is far steadier than ops/s on a shared machine; as a ratio it is conservative (the
  // Redis server's own time per GET, the same for both paths, is not in it).
  const cpuRatio = b.medianCpuMicrosPerOp / s.medianCpuMicrosPerOp
  console.log(
    `    ratio ${ratio.toFixed(3)}${goal === undefined ? '' : ` (goal ${verdict(ratio, goal)})`}; by CPU per call ${cpuRatio.toFixed(3)}${goal === undefined ? '' : ` (${verdict(cpuRatio, goal)})`}`,
  )
  summary.push(
    `| ${label} | ${format(b.medianOpsPerSecond)} (${b.medianCpuMicrosPerOp.toFixed(2)} µs) | ${format(s.medianOpsPerSecond)} (${s.medianCpuMicrosPerOp.toFixed(2)} µs) | ${ratio.toFixed(3)} | ${cpuRatio.toFixed(3)} | ${goal === undefined ? '–' : `${verdict(ratio, goal)} (ops/s), ${verdict(cpuRatio, goal)} (CPU)`} |`,
  )
}

function printFleetRow(row: FleetRow, goal: number, variant = ''): void {
  printComparison(
    `getAccessToken (Redis, AES-256-GCM) vs raw GET, ${format(row.instances)} instances, uniform${variant}`,
    'raw GET of the same record keys',
    'getAccessToken',
    row.comparison,
    goal,
  )
  const cache = row.recordCache
  console.log(
    `    record cache: hit rate ${row.recordCacheHitRate.toFixed(4)}, ${format(cache?.entries ?? 0)} records, ` +
      `${((cache?.bytes ?? 0) / 2 ** 20).toFixed(1)} of ${((cache?.maxBytes ?? 0) / 2 ** 20).toFixed(0)} MiB; ` +
      `Redis ≈ ${format(row.redisBytesPerConnection)} bytes per connection; ` +
      `this process's heap ≈ ${format(row.heapBytesPerInstance)} bytes per cached instance ` +
      `(estimated ${format((cache?.bytes ?? 0) / Math.max(1, cache?.entries ?? 1))})`,
  )
}

const started = performance.now()
console.log(`Machine: ${availableParallelism()} CPUs; ${uptime()}`)
console.log('Packages: the built dist/ of every @rw package (run `pnpm build` first).')
const setup = await createBenchSetup()
const fleet = new Fleet(setup)
try {
  console.log('\n1. getAccessToken on fresh tokens, RedisTokenStore with encryption and default options, 64 callers')
  const goals: Record<number, number> = { 100: 0.95, 10000: 0.95, 100000: 0.8 }
  for (const instances of FLEET_SIZES) {
    printFleetRow(await measureFleetRow(setup, fleet, instances, THROUGHPUT_PLAN), goals[instances]!)
  }
  const pipelined = await measureFleetRow(
    setup,
    fleet,
    100,
    THROUGHPUT_PLAN,
    setup.createClient({ enableAutoPipelining: true }),
  )
  printFleetRow(pipelined, 0.95, ', enableAutoPipelining on both')

  const overhead = await measureHotPathOverhead(
    setup,
    Array.from({ length: 64 }, (_, index) => fleetInstanceKey(index)),
  )
  console.log(
    `  SDK's own JavaScript per getAccessToken (GET answered from memory): ` +
      `${(overhead.sdkMicrosPerCall - overhead.bareMicrosPerCall).toFixed(2)} µs CPU`,
  )

  console.log('\n2. In-process token cache (cache: { maxEntries }), 10 000 instances, 64 callers')
  const cache = await measureTokenCache(setup, fleet, 10_000, IN_PROCESS_PLAN)
  printComparison('token cache vs raw Redis GET', 'raw GET', 'getAccessToken (cached)', cache.versusRawGet, 10)
  printComparison(
    'token cache vs bare Map.get + expiry check',
    'Map.get',
    'getAccessToken (cached)',
    cache.versusMapGet,
    0.3,
  )
  console.log(`    token cache hit rate ${cache.hitRate.toFixed(4)}`)

  console.log('\n3. Default in-memory store, 100 instances, 64 callers')
  const memory = await measureMemoryStore(100, IN_PROCESS_PLAN)
  printComparison('memory store vs bare Map.get + expiry check', 'Map.get', 'getAccessToken (memory store)', memory)
  const perCall = memory.subject.medianCpuMicrosPerOp
  console.log(`    getAccessToken ${perCall.toFixed(2)} µs CPU per call (goal ${verdict(perCall, 0.5, true)})`)
  summary.push(
    `| memory store µs per call | ${memory.baseline.medianCpuMicrosPerOp.toFixed(2)} | ${perCall.toFixed(2)} | – | – | ${verdict(perCall, 0.5, true)} |`,
  )

  console.log(
    '\n4. Adapters: bare route doing a raw GET vs the route through the adapter + getAccessToken (autocannon, 32 connections, 64 instances)',
  )
  const adapterKeys = Object.fromEntries(
    Array.from({ length: 64 }, (_, index) => [fleetInstanceKey(index), setup.recordKeyOf(fleetInstanceKey(index))]),
  )
  for (const row of await measureAdapters(setup.prefix, adapterKeys, { rounds: 5, seconds: 2 })) {
    const goal = row.framework.startsWith('SvelteKit') ? undefined : 0.95
    const judge = (ratio: number) => (goal === undefined ? 'measured' : verdict(ratio, goal))
    console.log(
      `  ${row.framework}: bare median ${format(median(row.bareRequestsPerSecond))} req/s (${range(row.bareRequestsPerSecond)}), ` +
        `${row.bareCpuMicrosPerRequest.toFixed(1)} µs server CPU/request; SDK median ${format(median(row.sdkRequestsPerSecond))} req/s ` +
        `(${range(row.sdkRequestsPerSecond)}), ${row.sdkCpuMicrosPerRequest.toFixed(1)} µs/request; ratio ${row.ratio.toFixed(3)} ` +
        `(${judge(row.ratio)}), by server CPU ${row.cpuRatio.toFixed(3)} (${judge(row.cpuRatio)}), errors ${row.errors}`,
    )
    summary.push(
      `| ${row.framework} route vs bare route | ${format(median(row.bareRequestsPerSecond))} (${row.bareCpuMicrosPerRequest.toFixed(1)} µs) | ` +
        `${format(median(row.sdkRequestsPerSecond))} (${row.sdkCpuMicrosPerRequest.toFixed(1)} µs) | ${row.ratio.toFixed(3)} | ` +
        `${row.cpuRatio.toFixed(3)} | ${goal === undefined ? 'measured' : `${judge(row.ratio)} (req/s), ${judge(row.cpuRatio)} (CPU)`} |`,
    )
  }

  console.log(
    '\n5. Refresh storm: 4 processes × 250 getAccessToken, one expired instance, 300 ms token endpoint latency',
  )
  const rounds = await measureRefreshStorm(setup)
  const latencies = rounds.map((round) => round.wakeUpMs)
  console.log(
    `  refresh response → last waiter served: min ${Math.min(...latencies).toFixed(1)} ms, median ${median(latencies).toFixed(1)} ms, ` +
      `max ${Math.max(...latencies).toFixed(1)} ms (target ≤ ${STORM_TARGET_MS} ms); refreshes per round ` +
      `${[...new Set(rounds.map((round) => round.refreshes))].join(', ')}, failures ${rounds.reduce((sum, round) => sum + round.failures, 0)}`,
  )

  console.log('\nSummary (medians of this run)\n')
  console.log(
    '| row | baseline ops/s (CPU per call) | SDK ops/s (CPU per call) | ratio of ops/s | ratio of CPU per call | goal |',
  )
  console.log('|---|---|---|---|---|---|')
  for (const line of summary) console.log(line)
  printRegistryResult(await measureRegistry())
  // Herd and Outage (3–6 min on 2 busy CPUs): RW_BENCH_FLEET=0 skips them, `bench:fleet` runs them alone.
  if (process.env.RW_BENCH_FLEET !== '0') await runFleetBenchmarks()
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s; ${uptime()}`)
} finally {
  await setup.dispose()
}
