import { context } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics'
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'
import {
  type CreateRadioWorkflowOptions,
  createMemoryTokenStore,
  createRadioWorkflow,
  type RadioWorkflowInstrumentation,
} from '@rw/oauth-client'
import type { TokenStore } from '@rw/oauth-core'
import { consentAtMock, createMockSetup, type MockRadioWorkflow } from '@rw/oauth-testing'
import { afterAll, beforeAll, expect } from 'vitest'
import { createOpenTelemetryInstrumentation, type OpenTelemetryInstrumentationOptions } from '../../src'

export const INSTANCE = 'desert-broadcasters'
export const HOUR_MS = 3_600_000
/** Past the longest per-instance refresh backoff (the default `refreshBackoff.maxMs` is 60 s). */
export const BACKOFF_MAX_MS = 61_000
/** Where the test clock of {@link setUpInstrumentedClient} starts. */
export const CLOCK_START = Date.UTC(2026, 0, 1)

/** Parent/child spans need a context manager, as in an app that starts the OTel Node SDK. */
export function useAsyncContext(): void {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  })
  afterAll(() => {
    context.disable()
  })
}

/** The real OTel SDK with in-memory exporters: spans as they end, metrics on `collectMetrics()`. */
export function createTelemetry() {
  const spanExporter = new InMemorySpanExporter()
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })] })
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  // Exported only when the test asks (forceFlush); the interval never elapses during a test.
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: HOUR_MS })
  const meterProvider = new MeterProvider({ readers: [reader] })
  return {
    tracerProvider,
    meterProvider,
    spans: (): ReadableSpan[] => spanExporter.getFinishedSpans(),
    async collectMetrics(): Promise<ResourceMetrics[]> {
      metricExporter.reset()
      await reader.forceFlush()
      return metricExporter.getMetrics()
    },
  }
}

export type Telemetry = ReturnType<typeof createTelemetry>

/** The data points of metric `name` in the latest collection, as `{ attributes, value }`. */
export function readDataPoints(collected: ResourceMetrics[], name: string) {
  const metric = collected
    .at(-1)
    ?.scopeMetrics.flatMap((scope) => scope.metrics)
    .find((candidate) => candidate.descriptor.name === name)
  return (metric?.dataPoints ?? []).map((point) => ({ attributes: point.attributes, value: point.value }))
}

export function findSpans(telemetry: Telemetry, name: string): ReadableSpan[] {
  return telemetry.spans().filter((span) => span.name === name)
}

export function childrenOf(telemetry: Telemetry, parent: ReadableSpan): ReadableSpan[] {
  const { spanId } = parent.spanContext()
  return telemetry.spans().filter((span) => span.parentSpanContext?.spanId === spanId)
}

export interface InstrumentedSetup {
  readonly mock: MockRadioWorkflow
  readonly telemetry: Telemetry
  readonly store: TokenStore
  readonly clock: { now(): number; advance(ms: number): void }
  readonly rw: ReturnType<typeof createRadioWorkflow>
  /** The instrumentation of `rw` (each peer has its own, like another process). */
  readonly instrumentation: RadioWorkflowInstrumentation
  createPeer(overrides?: Partial<CreateRadioWorkflowOptions>): ReturnType<typeof createRadioWorkflow>
}

/** A client on the mock Radio Workflow server, instrumented with the real SDK's in-memory exporters. */
export function setUpInstrumentedClient(
  instrumentationOptions: OpenTelemetryInstrumentationOptions = {},
  overrides: Partial<CreateRadioWorkflowOptions> = {},
): InstrumentedSetup {
  let now = CLOCK_START
  const clock = {
    now: () => now,
    advance(ms: number) {
      now += ms
    },
  }
  const { mock, clientOptions } = createMockSetup({ now: clock.now, baseUrl: 'http://localhost:4010' })
  const telemetry = createTelemetry()
  const store = overrides.store ?? createMemoryTokenStore({ now: clock.now })
  const instrument = () =>
    createOpenTelemetryInstrumentation({
      tracerProvider: telemetry.tracerProvider,
      meterProvider: telemetry.meterProvider,
      ...instrumentationOptions,
    })
  const createPeer = (peerOverrides: Partial<CreateRadioWorkflowOptions> = {}) =>
    createRadioWorkflow({
      ...clientOptions,
      now: clock.now,
      logger: { debug() {}, warn() {}, error() {} },
      instrumentation: instrument(),
      ...overrides,
      store,
      ...peerOverrides,
    })
  const instrumentation = instrument()
  return { mock, telemetry, store, clock, instrumentation, rw: createPeer({ instrumentation }), createPeer }
}

export async function connectInstance(setup: Pick<InstrumentedSetup, 'mock' | 'rw'>, instanceKey = INSTANCE) {
  const started = await setup.rw.startAuthorization({ instanceKey })
  const callbackUrl = await consentAtMock(setup.mock, started.url, { instanceKey, scopes: ['basic'] })
  return setup.rw.completeAuthorization(callbackUrl.href, { binding: started.binding })
}

/** Connects the instance, then lets its refresh an hour later be refused (`invalid_grant`): it must reauthorize. */
export async function connectThenRejectRefresh(setup: Pick<InstrumentedSetup, 'mock' | 'rw' | 'clock'>) {
  await connectInstance(setup)
  setup.clock.advance(HOUR_MS + 1)
  setup.mock.faults.nextTokenResponses.push({ kind: 'invalid_grant', endpoint: 'refresh' })
  await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ code: 'reauthorization_required' })
}
