import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'
import { afterEach, describe, expect, it } from 'vitest'
import { connectInstance, HOUR_MS, INSTANCE, setUpInstrumentedClient } from './support/telemetry-setup'

/** A stand-in OTLP/HTTP collector on loopback: records each export request's path and JSON body. */
async function startCollector() {
  const received: Array<{ path: string; body: string }> = []
  const server = createServer((request, response) => {
    readBody(request).then((body) => {
      received.push({ path: request.url ?? '', body })
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const bytes = Buffer.concat(chunks)
  return (request.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8')
}

let collector: Awaited<ReturnType<typeof startCollector>> | undefined
afterEach(async () => {
  await collector?.close()
  collector = undefined
})

describe('export to an OTLP collector (the README setup)', () => {
  it('delivers the refresh span and the refresh metrics over OTLP/HTTP', async () => {
    collector = await startCollector()
    const tracerProvider = new TracerProvider({
      spanProcessors: [
        new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }) }),
      ],
    })
    const reader = new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${collector.url}/v1/metrics` }),
      exportIntervalMillis: HOUR_MS,
    })
    const meterProvider = new MeterProvider({ readers: [reader] })
    const setup = setUpInstrumentedClient({ tracerProvider, meterProvider })
    await connectInstance(setup)
    setup.clock.advance(HOUR_MS + 1)
    await setup.rw.getAccessToken(INSTANCE)
    await tracerProvider.forceFlush()
    await meterProvider.forceFlush()

    const traces = collector.received.filter(({ path }) => path === '/v1/traces').map(({ body }) => body)
    const metrics = collector.received.filter(({ path }) => path === '/v1/metrics').map(({ body }) => body)
    expect(traces.join()).toContain('"rw.oauth.refresh"')
    expect(traces.join()).toContain('"rw.oauth.refresh.outcome"')
    expect(metrics.join()).toContain('"rw.oauth.refresh.duration"')
    expect(metrics.join()).toContain('"rw.oauth.refresh.outcomes"')
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()])
  })
})
