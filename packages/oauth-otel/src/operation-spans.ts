import { type Attributes, context, type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api'
import type { InstrumentedOperation, RadioWorkflowInstrumentation } from '@rw/oauth-client'
import { describeErrorType } from './error-type'
import { OPERATION_CONTEXT_KEY } from './operation-context'
import type { RadioWorkflowMetrics } from './radio-workflow-metrics'
import { classifyRefreshOutcome, type RefreshEnding } from './refresh-outcome'
import { ATTRIBUTES, SPAN_NAMES } from './telemetry-names'

/**
 * The `traceOperation` of the instrumentation: one INTERNAL span per operation, the parent of the HTTP
 * client and lock-wait spans inside it (with a context manager registered), plus the refresh metrics.
 * Only the refresh result's `outcome` and its failure's error code are read, never the record.
 */
export function createOperationTracer(
  tracer: Tracer,
  metrics: RadioWorkflowMetrics,
  describeInstance: (instanceKey: string) => Attributes,
): RadioWorkflowInstrumentation['traceOperation'] {
  return function traceOperation<T>(operation: InstrumentedOperation, run: () => Promise<T>): Promise<T> {
    const options = { kind: SpanKind.INTERNAL, attributes: describeOperation(operation, describeInstance) }
    const parent = context.active().setValue(OPERATION_CONTEXT_KEY, operation.name)
    return tracer.startActiveSpan(SPAN_NAMES[operation.name], options, parent, async (span) => {
      const started = performance.now()
      try {
        const result = await run()
        recordEnding(operation, span, metrics, { result }, started)
        return result
      } catch (error) {
        recordEnding(operation, span, metrics, { error }, started)
        throw error
      } finally {
        span.end()
      }
    })
  }
}

function describeOperation(
  operation: InstrumentedOperation,
  describeInstance: (instanceKey: string) => Attributes,
): Attributes {
  switch (operation.name) {
    case 'refresh_batch':
      return {}
    case 'fetch':
      return {
        [ATTRIBUTES.HTTP_REQUEST_METHOD]: operation.method.toUpperCase(),
        ...describeInstance(operation.instanceKey),
      }
    default:
      return describeInstance(operation.instanceKey)
  }
}

function recordEnding(
  operation: InstrumentedOperation,
  span: Span,
  metrics: RadioWorkflowMetrics,
  ending: RefreshEnding,
  started: number,
): void {
  if ('error' in ending) {
    span.setAttribute(ATTRIBUTES.ERROR_TYPE, describeErrorType(ending.error))
    span.setStatus({ code: SpanStatusCode.ERROR })
  }
  if (operation.name === 'fetch' && 'result' in ending && ending.result instanceof Response) {
    span.setAttribute(ATTRIBUTES.HTTP_RESPONSE_STATUS_CODE, ending.result.status)
  }
  if (operation.name === 'refresh_batch' && 'result' in ending) span.setAttributes(describeSweep(ending.result))
  if (operation.name !== 'refresh') return
  const { outcome, errorType } = classifyRefreshOutcome(ending)
  span.setAttribute(ATTRIBUTES.REFRESH_OUTCOME, outcome)
  if (errorType !== undefined) span.setAttribute(ATTRIBUTES.ERROR_TYPE, errorType)
  const attributes = { [ATTRIBUTES.REFRESH_OUTCOME]: outcome }
  metrics.refreshDuration.record((performance.now() - started) / 1000, attributes)
  metrics.refreshOutcomes.add(1, attributes)
}

// A sweep's result: how many connections it refreshed, skipped and failed (counts only).
function describeSweep(result: unknown): Attributes {
  const { refreshed, skipped, failed } = (result ?? {}) as Record<string, unknown>
  const counts: Attributes = {}
  if (typeof refreshed === 'number') counts[ATTRIBUTES.BATCH_REFRESHED] = refreshed
  if (typeof skipped === 'number') counts[ATTRIBUTES.BATCH_SKIPPED] = skipped
  if (typeof failed === 'number') counts[ATTRIBUTES.BATCH_FAILED] = failed
  return counts
}
