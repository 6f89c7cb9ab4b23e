import { measureAccessTokenThroughput } from './access-token-throughput'
import { createBenchSetup, INSTANCE, SPREAD_INSTANCES } from './bench-setup'
import { measureRefreshStorm } from './refresh-storm-latency'

const format = (value: number) => Math.round(value).toLocaleString('en-US')
const setup = await createBenchSetup()
try {
  const runs = [
    ['64 concurrent callers, 64 instances (one GET per call)', SPREAD_INSTANCES],
    ['64 concurrent callers, 1 instance (concurrent reads share a GET)', [INSTANCE]],
  ] as const
  console.log('getAccessToken on a fresh token (RedisTokenStore, AES-256-GCM) vs raw ioredis GET of same-size values')
  for (const [label, instanceKeys] of runs) {
    const throughput = await measureAccessTokenThroughput(setup, instanceKeys)
    const ratio = throughput.sdkOpsPerSecond / throughput.rawOpsPerSecond
    console.log(`  ${label}`)
    console.log(`    raw GET          ${format(throughput.rawOpsPerSecond)} ops/s`)
    console.log(`    getAccessToken   ${format(throughput.sdkOpsPerSecond)} ops/s`)
    console.log(`    ratio            ${ratio.toFixed(2)} (target ≥ 0.9) ${ratio >= 0.9 ? 'OK' : 'BELOW TARGET'}`)
  }

  console.log('\nRefresh storm: 4 processes × 250 getAccessToken, one expired instance, 300 ms token latency')
  const rounds = await measureRefreshStorm(setup)
  for (const [index, round] of rounds.entries()) {
    console.log(
      `  round ${index + 1}: refresh response → last waiter served ${round.wakeUpMs.toFixed(1)} ms, refreshes ${round.refreshes}, failures ${round.failures}`,
    )
  }
  const sorted = rounds.map((round) => round.wakeUpMs).sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  console.log(
    `  median ${median.toFixed(1)} ms, worst ${sorted.at(-1)!.toFixed(1)} ms (target ≤ 25 ms) ${median <= 25 ? 'OK' : 'ABOVE TARGET'}`,
  )
} finally {
  await setup.dispose()
}
