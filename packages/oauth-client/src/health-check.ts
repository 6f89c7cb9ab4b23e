import { type ConnectionCounts, isConnectionRegistry, type TokenStore } from '@rw/oauth-core'

/** Default deadline of each probe of `rw.health()`: an unreachable store must not hang a health check. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 2_000

/**
 * The token endpoint's circuit breaker as `rw.health()` reports it: `open` means refreshes are held back
 * across the fleet after repeated failures (valid tokens are still served).
 */
export interface BreakerHealth {
  readonly state: 'closed' | 'open'
}

/**
 * What `rw.health()` reports. No customer data: no instance key, no token, no error message.
 * - `store.reachable`: a read against the store answered within the deadline; `latencyMs` is how long it took
 *   (or how long until it failed).
 * - `breaker`: the circuit breaker's state, when it could be read (it lives in the store when the store
 *   coordinates the fleet).
 * - `connections`: stored connections per status, when the store keeps a registry.
 */
export interface RadioWorkflowHealth {
  readonly store: { readonly reachable: boolean; readonly latencyMs: number }
  readonly breaker?: BreakerHealth
  readonly connections?: ConnectionCounts
}

/** Options of `rw.health()`. */
export interface HealthCheckOptions {
  /** Deadline of each store probe. Default {@link DEFAULT_HEALTH_TIMEOUT_MS}. */
  readonly timeoutMs?: number
}

/** What {@link checkHealth} reads: the store, a monotonic clock and, once there is one, the breaker. */
export interface HealthCheckDependencies {
  readonly store: TokenStore
  /** Monotonic clock (ms) the latency is measured on. */
  readonly monotonicNow: () => number
  /** Reads the circuit breaker's state. */
  readonly readBreaker?: () => Promise<BreakerHealth>
}

// Read-only probe: no record is written. A store may offer a cheaper `ping()`, used when present.
const PROBE_INSTANCE_KEY = 'rw-health-probe'

/**
 * Probes the store (and its registry, when it has one) once each, in parallel, under a deadline; what
 * `rw.health()` runs.
 *
 * @example
 * ```ts
 * const health = await checkHealth({ store, monotonicNow: () => performance.now() }, { timeoutMs: 500 })
 * ```
 */
export async function checkHealth(
  deps: HealthCheckDependencies,
  { timeoutMs = DEFAULT_HEALTH_TIMEOUT_MS }: HealthCheckOptions = {},
): Promise<RadioWorkflowHealth> {
  const started = deps.monotonicNow()
  const [store, breaker, connections] = await Promise.all([
    settleWithin(probeStore(deps.store), timeoutMs).then((probe) => ({
      reachable: probe.ok,
      latencyMs: Math.max(0, Math.round(deps.monotonicNow() - started)),
    })),
    deps.readBreaker === undefined ? undefined : settleWithin(deps.readBreaker(), timeoutMs),
    isConnectionRegistry(deps.store) ? settleWithin(deps.store.countConnections(), timeoutMs) : undefined,
  ])
  return {
    store,
    ...(breaker?.ok ? { breaker: breaker.value } : {}),
    ...(connections?.ok ? { connections: connections.value } : {}),
  }
}

function probeStore(store: TokenStore): Promise<unknown> {
  const pingable = store as Partial<{ ping(): Promise<unknown> }>
  return typeof pingable.ping === 'function' ? pingable.ping() : store.getConnection(PROBE_INSTANCE_KEY)
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false }

function settleWithin<T>(promise: Promise<T>, timeoutMs: number): Promise<Settled<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false }), timeoutMs)
  })
  const settled = promise.then(
    (value): Settled<T> => ({ ok: true, value }),
    (): Settled<T> => ({ ok: false }),
  )
  return Promise.race([settled, timedOut]).finally(() => clearTimeout(timer))
}
