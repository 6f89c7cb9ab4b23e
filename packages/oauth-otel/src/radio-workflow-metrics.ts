import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api'
import { METRIC_NAMES } from './telemetry-names'

// Refresh and lock-wait times run from a few milliseconds (adopted) to the HTTP deadline (10 s default)
// and the refresh wait (40 s default).
const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40]

/** The synchronous instruments; none ever takes an instance key as an attribute (cardinality, privacy). */
export interface RadioWorkflowMetrics {
  readonly refreshDuration: Histogram<Attributes>
  readonly refreshOutcomes: Counter<Attributes>
  readonly lockWaitDuration: Histogram<Attributes>
  readonly tokenEndpointErrors: Counter<Attributes>
}

/**
 * Creates the instruments on `meter`.
 *
 * @example
 * ```ts
 * const metrics = createRadioWorkflowMetrics(metrics.getMeter('@rw/oauth-otel'))
 * ```
 */
export function createRadioWorkflowMetrics(meter: Meter): RadioWorkflowMetrics {
  return {
    refreshDuration: createDurationHistogram(
      meter,
      METRIC_NAMES.refreshDuration,
      'Duration of refresh procedures (lock, re-read, at most one token-endpoint call), by outcome.',
    ),
    refreshOutcomes: meter.createCounter(METRIC_NAMES.refreshOutcomes, {
      description:
        'Refresh procedures by outcome (refreshed, adopted, served_stale, rejected, lost, backoff, skipped, failed).',
      unit: '{refresh}',
    }),
    lockWaitDuration: createDurationHistogram(
      meter,
      METRIC_NAMES.lockWaitDuration,
      "Time spent waiting for another holder's refresh of the same instance to finish.",
    ),
    tokenEndpointErrors: meter.createCounter(METRIC_NAMES.tokenEndpointErrors, {
      description: 'Failed token and refreshToken endpoint calls, by endpoint and error code.',
      unit: '{error}',
    }),
  }
}

function createDurationHistogram(meter: Meter, name: string, description: string): Histogram<Attributes> {
  return meter.createHistogram(name, {
    description,
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS },
  })
}
