import type { StoredConnectionStatus, TokenStore } from '@rw/oauth-core'

/** Default deadline of each probe of `rw.health()`: an unreachable store must not hang a health check. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 2_000

/**
 * The refresh circuit breaker as `rw.health()` reports it (present once the runtime has a breaker):
 * `open` means token-endpoint calls are paused after repeated failures.
 */
export interface BreakerHealth {
  readonly state: 'closed' | 'open' | 'half_open'
}

/**
 * What `rw.health()` reports. No customer data: no instance key, no token, no error message.
 * - `store.reachable`: a read against the store answered within the deadline; `latencyMs` is how long it took
 *   (or how long until it failed).
 * - `connections`: stored connections per status, when the store keeps a registry (`countConnections`).
 */
export interface RadioWorkflowHealth {
  readonly store: { readonly reachable: boolean; readonly latencyMs: number }
  readonly breaker?: BreakerHealth
  readonly connections?: Readonly<Record<StoredConnectionStatus, number>>
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
  /** The breaker's current state, once the runtime has one. */
  readonly readBreaker?: () => BreakerHealth
}

/** A store that counts its connections per status (the registry capability), feature-checked. */
interface CountingStore {
  countConnections(): Promise<Readonly<Record<StoredConnectionStatus, number>>>
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
  const [store, connections] = await Promise.all([
    settleWithin(probeStore(deps.store), timeoutMs).then((probe) => ({
      reachable: probe.ok,
      latencyMs: Math.max(0, Math.round(deps.monotonicNow() - started)),
    })),
    hasConnectionCounts(deps.store) ? settleWithin(deps.store.countConnections(), timeoutMs) : undefined,
  ])
  const breaker = deps.readBreaker?.()
  return {
    store,
    ...(breaker === undefined ? {} : { breaker }),
    ...(connections?.ok ? { connections: connections.value } : {}),
  }
}

function probeStore(store: TokenStore): Promise<unknown> {
  const pingable = store as Partial<{ ping(): Promise<unknown> }>
  return typeof pingable.ping === 'function' ? pingable.ping() : store.getConnection(PROBE_INSTANCE_KEY)
}

function hasConnectionCounts(store: TokenStore): store is TokenStore & CountingStore {
  return typeof (store as Partial<CountingStore>).countConnections === 'function'
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
