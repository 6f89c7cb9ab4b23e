import { availableParallelism, loadavg } from 'node:os'
import { measureAccessTokenThroughput, type ThroughputPlan, type ThroughputResult } from './access-token-throughput'
import { type BenchClient, createBenchSetup, INSTANCE, SPREAD_INSTANCES } from './bench-setup'
import { runFleetBenchmarks } from './fleet/fleet-benchmark'
import { measureHotPathOverhead } from './hot-path-overhead'
import { measureRefreshStorm } from './refresh-storm-latency'
import { measureRegistry, printRegistryResult } from './registry-listing'
import { median } from './statistics'

const RATIO_TARGET = 0.9
const STORM_TARGET_MS = 25
const format = (value: number) => Math.round(value).toLocaleString('en-US')
const range = (values: readonly number[], digits = 0) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`

function printThroughput(label: string, result: ThroughputResult, headline: boolean): void {
  const rawOps = median(result.raw.opsPerSecond)
  const sdkOps = median(result.sdk.opsPerSecond)
  const ratio = sdkOps / rawOps
  const verdict = headline ? ` (target ≥ ${RATIO_TARGET}) ${ratio >= RATIO_TARGET ? 'OK' : 'BELOW TARGET'}` : ''
  console.log(`  ${label}`)
  console.log(
    `    raw GET          median ${format(rawOps).padStart(8)} ops/s  (rounds ${range(result.raw.opsPerSecond)})  ` +
      `CPU ${median(result.raw.cpuMicrosPerOp).toFixed(1)} µs/call  GETs/call ${result.raw.getsPerCall.toFixed(2)}`,
  )
  console.log(
    `    getAccessToken   median ${format(sdkOps).padStart(8)} ops/s  (rounds ${range(result.sdk.opsPerSecond)})  ` +
      `CPU ${median(result.sdk.cpuMicrosPerOp).toFixed(1)} µs/call  GETs/call ${result.sdk.getsPerCall.toFixed(2)}`,
  )
  console.log(`    ratio of medians ${ratio.toFixed(3)}${verdict}`)
}

const started = performance.now()
console.log(
  `Machine: ${availableParallelism()} CPUs, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')} (numbers on a busy machine are lower and noisier)`,
)
const setup = await createBenchSetup()
const pipelined: BenchClient = setup.createClient({ enableAutoPipelining: true })
try {
  console.log(
    '\ngetAccessToken on a fresh token (RedisTokenStore, AES-256-GCM) vs raw ioredis GET of values of the stored record size,',
  )
  console.log('64 concurrent callers, same ioredis client for both paths, rounds alternating, median of rounds')
  const headlinePlan: ThroughputPlan = { rounds: 9, phaseMs: 600 }
  const headline = await measureAccessTokenThroughput(setup, setup.client, SPREAD_INSTANCES, headlinePlan)
  printThroughput(
    `HEADLINE: 64 instances, one per caller (one GET per call), default ioredis options, ${headline.valueBytes}-byte values`,
    headline,
    true,
  )
  const withPipelining = await measureAccessTokenThroughput(setup, pipelined, SPREAD_INSTANCES, {
    rounds: 7,
    phaseMs: 600,
  })
  printThroughput('64 instances, both paths on a client with enableAutoPipelining: true', withPipelining, true)
  const shared = await measureAccessTokenThroughput(setup, setup.client, [INSTANCE], { rounds: 5, phaseMs: 500 })
  printThroughput(
    'NOT COMPARABLE (for information): 64 callers sharing 1 instance; the SDK shares one GET between concurrent reads',
    shared,
    false,
  )

  const overhead = await measureHotPathOverhead(setup, SPREAD_INSTANCES)
  console.log(
    `\nSDK's own JavaScript per getAccessToken (GET answered from memory: no Redis, no syscalls): ` +
      `${(overhead.sdkMicrosPerCall - overhead.bareMicrosPerCall).toFixed(2)} µs CPU ` +
      `(${overhead.sdkMicrosPerCall.toFixed(2)} µs per call vs ${overhead.bareMicrosPerCall.toFixed(2)} µs for the bare loop)`,
  )

  console.log('\nRefresh storm: 4 processes × 250 getAccessToken, one expired instance, 300 ms token endpoint latency')
  const rounds = await measureRefreshStorm(setup)
  for (const [index, round] of rounds.entries()) {
    console.log(
      `  round ${index + 1}: refresh response → last waiter served ${round.wakeUpMs.toFixed(1)} ms, refreshes ${round.refreshes}, failures ${round.failures}`,
    )
  }
  const latencies = rounds.map((round) => round.wakeUpMs)
  const medianMs = median(latencies)
  const maxMs = Math.max(...latencies)
  const within = (value: number) => (value <= STORM_TARGET_MS ? 'OK' : 'ABOVE TARGET')
  console.log(
    `  over ${rounds.length} rounds: min ${Math.min(...latencies).toFixed(1)} ms, median ${medianMs.toFixed(1)} ms ${within(medianMs)}, ` +
      `max ${maxMs.toFixed(1)} ms ${within(maxMs)} (target ≤ ${STORM_TARGET_MS} ms); ` +
      `refreshes per round ${range(rounds.map((round) => round.refreshes))}, failures ${rounds.reduce((sum, round) => sum + round.failures, 0)}`,
  )
  printRegistryResult(await measureRegistry())
  // Herd and Outage (several minutes on 2 busy CPUs): RW_BENCH_FLEET=0 skips them, `bench:fleet` runs them alone.
  if (process.env.RW_BENCH_FLEET !== '0') await runFleetBenchmarks()
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s`)
} finally {
  await pipelined.close()
  await setup.dispose()
}
