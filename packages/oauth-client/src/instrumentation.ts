import type { RefreshLock, ResolvedConfig, TokenStore } from '@rw/oauth-core'
import type { HttpTransport } from './fetch-transport'

/**
 * One unit of work the client reports to an instrumentation. Only names, counts and the instance key
 * (which an instrumentation must treat as customer-identifying); never a token, code or verifier.
 * - `code_exchange`: the authorization code is exchanged for the first pair (RFC 6749 §4.1.3).
 * - `refresh`: one refresh procedure (lock, re-read, maybe one call); callers coalesced in-process share it.
 *   Its result is the runtime's refresh result (`outcome`: `refreshed`, `adopted`, `served_stale`, ...).
 * - `fetch`: one `rw.fetch` call, the 401 retry included.
 * - `refresh_batch`: one background-refresh sweep; its result counts `refreshed`, `skipped` and `failed`.
 */
export type InstrumentedOperation =
  | { readonly name: 'code_exchange'; readonly instanceKey: string }
  | { readonly name: 'refresh'; readonly instanceKey: string }
  | { readonly name: 'fetch'; readonly instanceKey: string; readonly method: string }
  | { readonly name: 'refresh_batch' }

/**
 * The ports an instrumentation may decorate. `transport` talks to the token endpoints only; `fetch`
 * is the API transport of `rw.fetch`.
 */
export interface InstrumentablePorts {
  /** The client's configuration (endpoints, to tell the token endpoint from the refresh endpoint). */
  readonly config: ResolvedConfig
  /** Where connections live. */
  readonly store: TokenStore
  /** The per-instance refresh lock. */
  readonly lock: RefreshLock
  /** The token and refreshToken endpoints' transport. */
  readonly transport: HttpTransport
  /** The API transport of `rw.fetch`. */
  readonly fetch: typeof globalThis.fetch
  /** Reads the token endpoint's circuit breaker (shared through the store when it coordinates the fleet). */
  readonly readBreakerState: () => Promise<'open' | 'closed'>
  /** The client's clock (epoch ms, its `now` option), so what an instrumentation reports about expiry agrees with the client. */
  readonly now: () => number
}

/** The ports the client uses after {@link RadioWorkflowInstrumentation.instrumentPorts}. */
export type DecoratedPorts = Pick<InstrumentablePorts, 'store' | 'lock' | 'transport' | 'fetch'>

/**
 * What `createRadioWorkflow({ instrumentation })` accepts: decorators of the client's ports and a
 * wrapper around each operation. `@rw/oauth-otel`'s `createOpenTelemetryInstrumentation` is one; with
 * none, the client makes no extra call at all.
 *
 * @example
 * ```ts
 * const countingRefreshes: RadioWorkflowInstrumentation = {
 *   instrumentPorts: (ports) => ports,
 *   traceOperation: (operation, run) => {
 *     if (operation.name === 'refresh') refreshes++
 *     return run()
 *   },
 * }
 * const rw = createRadioWorkflow({ ...options, instrumentation: countingRefreshes })
 * ```
 */
export interface RadioWorkflowInstrumentation {
  /** Returns the ports the client uses (decorated or as given). Called once, by `createRadioWorkflow`. */
  instrumentPorts(ports: InstrumentablePorts): DecoratedPorts
  /** Runs `run` as `operation`; must return (or throw) exactly what `run` does. */
  traceOperation<T>(operation: InstrumentedOperation, run: () => Promise<T>): Promise<T>
}

/**
 * Runs `run` as `operation` under `instrumentation`, or just runs it when there is none. Runtime code
 * calls this at each operation's boundary.
 *
 * @example
 * ```ts
 * const swept = await traceOperation(deps.instrumentation, { name: 'refresh_batch' }, () => sweep())
 * ```
 */
export function traceOperation<T>(
  instrumentation: RadioWorkflowInstrumentation | undefined,
  operation: InstrumentedOperation,
  run: () => Promise<T>,
): Promise<T> {
  return instrumentation === undefined ? run() : instrumentation.traceOperation(operation, run)
}

/** The ports the client uses: decorated by `instrumentation`, or as given when there is none. */
export function instrumentPorts(
  instrumentation: RadioWorkflowInstrumentation | undefined,
  ports: InstrumentablePorts,
): DecoratedPorts {
  if (instrumentation !== undefined) return instrumentation.instrumentPorts(ports)
  const { store, lock, transport, fetch } = ports
  return { store, lock, transport, fetch }
}
