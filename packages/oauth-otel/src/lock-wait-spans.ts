import { type Attributes, SpanKind, type Tracer } from '@opentelemetry/api'
import type { RefreshLock } from '@rw/oauth-core'
import type { RadioWorkflowMetrics } from './radio-workflow-metrics'
import { SPAN_NAMES } from './telemetry-names'

/**
 * Wraps the refresh lock: every wait for another holder's refresh (`waitForChange`) is a
 * `rw.oauth.lock_wait` span and a `rw.oauth.lock.wait.duration` measurement. Taking the lock
 * (`tryAcquire`) is one store round trip and is not traced on its own.
 */
export function traceLockWaits(
  lock: RefreshLock,
  tracer: Tracer,
  metrics: RadioWorkflowMetrics,
  describeInstance: (instanceKey: string) => Attributes,
): RefreshLock {
  return {
    tryAcquire: (instanceKey, leaseMs) => lock.tryAcquire(instanceKey, leaseMs),
    waitForChange(instanceKey, timeoutMs, signal) {
      const options = { kind: SpanKind.INTERNAL, attributes: describeInstance(instanceKey) }
      return tracer.startActiveSpan(SPAN_NAMES.lock_wait, options, async (span) => {
        const started = performance.now()
        try {
          return await lock.waitForChange(instanceKey, timeoutMs, signal)
        } finally {
          metrics.lockWaitDuration.record((performance.now() - started) / 1000)
          span.end()
        }
      })
    },
  }
}
