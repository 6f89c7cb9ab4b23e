import type { RadioWorkflow } from '@rw/oauth-client'
import type { Redis } from 'ioredis'

/** What the benchmark's child process registers on `globalThis` before it loads the built app. */
export interface BenchRegistry {
  readonly rw: RadioWorkflow
  readonly redis: Redis
  /** Instance key → its record key, for the bare route. */
  readonly recordKeys: ReadonlyMap<string, string>
}

export const BENCH_REGISTRY = Symbol.for('@rw/bench/sveltekit-app')

export function readBenchRegistry(): BenchRegistry {
  const registry = (globalThis as Record<symbol, BenchRegistry | undefined>)[BENCH_REGISTRY]
  if (registry === undefined) throw new Error('bench sveltekit app: nothing registered on globalThis.')
  return registry
}
