import {
  type ConnectionRegistry,
  type ConnectionSummary,
  isConnectionRegistry,
  type RadioWorkflowLogger,
  type TokenStore,
  UsageError,
} from '@rw/oauth-core'
import type { ConnectionAccess } from './connection-access'
import { type RadioWorkflowInstrumentation, traceOperation } from './instrumentation'

/** Options of `rw.startBackgroundRefresh`. */
export interface BackgroundRefreshOptions {
  /** How often this process sweeps the registry for connections coming due. Default 15 000 ms (±20 % jitter). */
  readonly intervalMs?: number
  /** Refresh a connection this long before its token becomes due. Default 60 000 ms. */
  readonly leadMs?: number
  /** Connections read per registry page. Default 200. */
  readonly pageSize?: number
  /** Refreshes this process runs at once (the fleet-wide `refreshConcurrency` cap applies on top). Default 4. */
  readonly concurrency?: number
  /**
   * Off unless set: how long Radio Workflow keeps an unused refresh token valid (it does not publish this).
   * When set, a connection whose refresh token is older than half of it is refreshed even if its access
   * token is not due, so stations nobody calls for weeks stay connected.
   */
  readonly refreshTokenIdleTtlMs?: number
}

/** Stops background refresh; resolves once the refreshes in flight have finished and been saved. */
export type StopBackgroundRefresh = () => Promise<void>

/** What one sweep did: connections refreshed (or adopted from another process), skipped, failed. */
export interface RefreshSweepResult {
  readonly refreshed: number
  /** Another process was refreshing it, or the fleet-wide cap or rate had no room in time: a later sweep retries. */
  readonly skipped: number
  readonly failed: number
}

/** What background refresh needs from the runtime. */
export interface BackgroundRefreshDependencies {
  readonly store: TokenStore
  readonly access: ConnectionAccess
  readonly now: () => number
  readonly random: () => number
  readonly logger: RadioWorkflowLogger
  /** Whether a connection's token is due (per-instance jitter included) at `at`. */
  readonly isDueAt: (summary: ConnectionSummary, at: number) => boolean
  /** The longest refresh window any connection may have (the listing's horizon). */
  readonly maxWindowMs: number
  readonly instrumentation?: RadioWorkflowInstrumentation
}

/**
 * One sweep: refreshes every connection whose token comes due within `leadMs` (or whose refresh token
 * nears `refreshTokenIdleTtlMs`), and resolves when they are done and saved. For a cron job or a
 * serverless schedule; `startBackgroundRefresh` repeats it.
 */
export function refreshDueConnections(
  deps: BackgroundRefreshDependencies,
  options: BackgroundRefreshOptions = {},
  isStopped: () => boolean = () => false,
): Promise<RefreshSweepResult> {
  return traceOperation(deps.instrumentation, { name: 'refresh_batch' }, () =>
    sweepDueConnections(deps, options, isStopped),
  )
}

async function sweepDueConnections(
  deps: BackgroundRefreshDependencies,
  options: BackgroundRefreshOptions,
  isStopped: () => boolean,
): Promise<RefreshSweepResult> {
  const { intervalMs, leadMs, pageSize, concurrency, refreshTokenIdleTtlMs } = resolveOptions(options)
  const registry = requireRegistry(deps.store)
  const now = deps.now()
  const needsRefresh = (summary: ConnectionSummary) =>
    deps.isDueAt(summary, now + leadMs) ||
    (refreshTokenIdleTtlMs !== undefined &&
      now - (summary.lastRefreshAt ?? summary.obtainedAt) >= refreshTokenIdleTtlMs / 2)
  const expiresBefore = refreshTokenIdleTtlMs === undefined ? now + leadMs + deps.maxWindowMs : undefined
  const counts = { refreshed: 0, skipped: 0, failed: 0 }
  const running = new Set<Promise<unknown>>()
  let cursor: string | null = null
  do {
    const page = await registry.listConnections({
      status: 'active',
      ...(expiresBefore === undefined ? {} : { expiresBefore }),
      ...(cursor === null ? {} : { cursor }),
      limit: pageSize,
    })
    for (const summary of page.connections) {
      if (isStopped()) break
      if (!needsRefresh(summary)) continue
      const refresh: Promise<unknown> = deps.access
        // Waits (up to one interval) for a slot of the fleet-wide cap and a rate token rather than skipping at once.
        .refreshAhead(summary.instanceKey, summary.version, { permitWaitMs: intervalMs })
        .then(
          (outcome) => {
            counts[outcome === 'skipped' ? 'skipped' : 'refreshed']++
          },
          (error: unknown) => {
            counts.failed++
            reportFailure(deps.logger, summary.instanceKey, error)
          },
        )
        .finally(() => running.delete(refresh))
      running.add(refresh)
      if (running.size >= concurrency) await Promise.race(running)
    }
    cursor = page.cursor
  } while (cursor !== null && !isStopped())
  await Promise.all(running)
  return counts
}

/**
 * Refreshes connections ahead of their due time so foreground callers are served fresh tokens: a sweep
 * now, then one every `intervalMs` (jittered). Safe in every process at once: each refresh goes through
 * the single-flight, the instance lock (a process that finds it taken skips the instance) and the
 * fleet-wide cap (and optional rate) on token-endpoint calls.
 */
export function startBackgroundRefresh(
  deps: BackgroundRefreshDependencies,
  options: BackgroundRefreshOptions = {},
): StopBackgroundRefresh {
  const { intervalMs } = resolveOptions(options)
  requireRegistry(deps.store)
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let sweeping: Promise<unknown> = Promise.resolve()
  const isStopped = () => stopped

  const sweep = () =>
    refreshDueConnections(deps, options, isStopped).catch((error: unknown) => reportFailure(deps.logger, null, error))

  function schedule(): void {
    if (stopped) return
    timer = setTimeout(
      () => {
        sweeping = sweep().finally(schedule)
      },
      intervalMs * (0.8 + 0.4 * deps.random()),
    )
    ;(timer as { unref?: () => void }).unref?.()
  }

  sweeping = sweep().finally(schedule)

  return async function stopBackgroundRefresh() {
    stopped = true
    if (timer !== undefined) clearTimeout(timer)
    await sweeping
  }
}

function resolveOptions(options: BackgroundRefreshOptions) {
  const { intervalMs = 15_000, leadMs = 60_000, pageSize = 200, concurrency = 4, refreshTokenIdleTtlMs } = options
  for (const [name, value] of Object.entries({ intervalMs, pageSize, concurrency })) {
    if (!(Number.isFinite(value) && value > 0))
      throw new UsageError(`Background refresh: ${name} must be a positive number.`)
  }
  if (!(Number.isFinite(leadMs) && leadMs >= 0)) throw new UsageError('Background refresh: leadMs must be ≥ 0.')
  if (refreshTokenIdleTtlMs !== undefined && !(refreshTokenIdleTtlMs > 0)) {
    throw new UsageError('Background refresh: refreshTokenIdleTtlMs must be a positive number of milliseconds.')
  }
  return { intervalMs, leadMs, pageSize, concurrency, refreshTokenIdleTtlMs }
}

function requireRegistry(store: TokenStore): ConnectionRegistry {
  if (!isConnectionRegistry(store)) {
    throw new UsageError(
      'Background refresh needs a store that lists connections (a ConnectionRegistry): RedisTokenStore and the memory store do.',
    )
  }
  return store
}

function reportFailure(logger: RadioWorkflowLogger, instanceKey: string | null, error: unknown): void {
  logger.warn('A background refresh failed; a later sweep tries again.', {
    ...(instanceKey === null ? {} : { instanceKey }),
    error: error instanceof Error ? ((error as { code?: string }).code ?? error.name) : typeof error,
  })
}
