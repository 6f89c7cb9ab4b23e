import { runFleetBenchmarks } from './fleet/fleet-benchmark'

// `pnpm --filter @rw/bench bench:fleet`: the Herd and Outage sections of `pnpm bench` on their own.
await runFleetBenchmarks()
