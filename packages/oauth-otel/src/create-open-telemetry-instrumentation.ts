import { type Attributes, type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api'
import type { RadioWorkflowInstrumentation } from '@rw/oauth-client'
import { traceApiFetch, traceTokenTransport } from './http-client-spans'
import { traceLockWaits } from './lock-wait-spans'
import { observeBreakerState, observeConnectionCounts, observeSoonestExpiry } from './observable-gauges'
import { createOperationTracer } from './operation-spans'
import { createRadioWorkflowMetrics } from './radio-workflow-metrics'
import { ATTRIBUTES } from './telemetry-names'

/** The name (and instrumentation scope) of this package's tracer and meter. */
export const INSTRUMENTATION_SCOPE = '@rw/oauth-otel'

/** Options of {@link createOpenTelemetryInstrumentation}. */
export interface OpenTelemetryInstrumentationOptions {
  /** Where spans go. Default: the global provider (`trace.getTracerProvider()`), e.g. the one `NodeSDK` registers. */
  readonly tracerProvider?: TracerProvider
  /**
   * Where metrics go. Default: the global provider (`metrics.getMeterProvider()`) as it is when this runs, so
   * start your SDK first.
   */
  readonly meterProvider?: MeterProvider
  /**
   * Put the instance key on spans as `rw.oauth.instance_key`. Default `false`: an instance key may identify
   * your customer. Never put on metrics, whatever this says (one series per customer would be unbounded).
   */
  readonly recordInstanceKeys?: boolean
}

/**
 * OpenTelemetry traces and metrics for a Radio Workflow client: pass the result as `instrumentation` to
 * `createRadioWorkflow`, one per client. Spans: `rw.oauth.code_exchange`, `rw.oauth.refresh` (with
 * `rw.oauth.refresh.outcome`), `rw.oauth.lock_wait`, `rw.oauth.fetch`, `rw.oauth.refresh_batch`, and an HTTP
 * client span per token-endpoint and API request. Metrics: `rw.oauth.refresh.duration`,
 * `rw.oauth.refresh.outcomes`, `rw.oauth.lock.wait.duration`, `rw.oauth.token_endpoint.errors`,
 * `rw.oauth.circuit_breaker.open`, `rw.oauth.connections` when the store keeps a registry, and
 * `rw.oauth.connection.soonest_expiry` when it can find the soonest expiry. No token, secret, code or
 * verifier is ever an attribute.
 *
 * @example
 * ```ts
 * import { createOpenTelemetryInstrumentation } from '@rw/oauth-otel'
 *
 * const rw = createRadioWorkflow({ ...options, instrumentation: createOpenTelemetryInstrumentation() })
 * ```
 */
export function createOpenTelemetryInstrumentation({
  tracerProvider = trace.getTracerProvider(),
  meterProvider = metrics.getMeterProvider(),
  recordInstanceKeys = false,
}: OpenTelemetryInstrumentationOptions = {}): RadioWorkflowInstrumentation {
  const tracer = tracerProvider.getTracer(INSTRUMENTATION_SCOPE)
  const meter = meterProvider.getMeter(INSTRUMENTATION_SCOPE)
  const instruments = createRadioWorkflowMetrics(meter)
  const describeInstance = recordInstanceKeys
    ? (instanceKey: string): Attributes => ({ [ATTRIBUTES.INSTANCE_KEY]: instanceKey })
    : (): Attributes => ({})

  return {
    instrumentPorts({ config, store, lock, transport, fetch, readBreakerState, now }) {
      observeConnectionCounts(meter, store)
      observeSoonestExpiry(meter, store, now)
      observeBreakerState(meter, readBreakerState)
      return {
        store,
        lock: traceLockWaits(lock, tracer, instruments, describeInstance),
        transport: traceTokenTransport(transport, config, tracer, instruments),
        fetch: traceApiFetch(fetch, tracer),
      }
    },
    traceOperation: createOperationTracer(tracer, instruments, describeInstance),
  }
}
