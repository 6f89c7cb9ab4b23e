// Profiling aid (not part of `pnpm bench`): CPU profile of the SDK path alone at FLEET_INSTANCES instances,
// every call a record-cache hit, written to PROFILE_OUT. Run: FLEET_INSTANCES=10000 node --import tsx src/profile-fleet.ts
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { createBenchSetup } from './bench-setup'
import { comparePaths } from './compare-paths'
import { Fleet } from './fleet-throughput'
import { fleetInstanceKey, touchEach } from './seed-fleet'

const instances = Number(process.env.FLEET_INSTANCES ?? 10_000)
const setup = await createBenchSetup()
try {
  const fleet = new Fleet(setup)
  await fleet.growTo(instances)
  const client = setup.createClient({})
  const names = Array.from({ length: instances }, (_, index) => fleetInstanceKey(index))
  await touchEach(instances, (index) => client.rw.getAccessToken(names[index]!))
  const sdk = (pick: number) => client.rw.getAccessToken(names[pick]!)
  const plan = { rounds: 1, phaseMs: 3000, warmUpMs: 500, concurrency: 64, pickRange: instances }
  await comparePaths(sdk, sdk, { ...plan, rounds: 0 })
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  const result = await comparePaths(sdk, sdk, { ...plan, warmUpMs: 0 })
  const { profile } = await session.post('Profiler.stop')
  writeFileSync(process.env.PROFILE_OUT ?? `/tmp/fleet-${instances}.cpuprofile`, JSON.stringify(profile))
  console.log(
    `${instances} instances: sdk ${result.subject.medianCpuMicrosPerOp.toFixed(2)} µs CPU per call, ${Math.round(result.subject.medianOpsPerSecond)} ops/s`,
  )
  await client.close()
} finally {
  await setup.dispose()
}
