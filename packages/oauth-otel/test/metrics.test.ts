import { createMemoryTokenStore } from '@rw/oauth-client'
import { withoutOptionalCapabilities } from '@rw/oauth-testing'
import { describe, expect, it } from 'vitest'
import { observeSoonestExpiry } from '../src/observable-gauges'
import {
  BACKOFF_MAX_MS,
  CLOCK_START,
  connectInstance,
  connectThenRejectRefresh,
  createTelemetry,
  HOUR_MS,
  INSTANCE,
  readDataPoints,
  setUpInstrumentedClient,
} from './support/telemetry-setup'

describe('metrics', () => {
  it('counts refresh outcomes and records their durations by outcome, never by instance', async () => {
    const setup = setUpInstrumentedClient({ recordInstanceKeys: true })
    await connectInstance(setup)
    setup.clock.advance(HOUR_MS + 1)
    await setup.rw.getAccessToken(INSTANCE)
    setup.clock.advance(HOUR_MS + 1)
    setup.mock.faults.nextTokenResponses.push({ kind: 'invalid_grant', endpoint: 'refresh' })
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ code: 'reauthorization_required' })

    const collected = await setup.telemetry.collectMetrics()
    expect(readDataPoints(collected, 'rw.oauth.refresh.outcomes')).toEqual([
      { attributes: { 'rw.oauth.refresh.outcome': 'refreshed' }, value: 1 },
      { attributes: { 'rw.oauth.refresh.outcome': 'rejected' }, value: 1 },
    ])
    const durations = readDataPoints(collected, 'rw.oauth.refresh.duration')
    expect(durations.map(({ attributes, value }) => [attributes, (value as { count: number }).count])).toEqual([
      [{ 'rw.oauth.refresh.outcome': 'refreshed' }, 1],
      [{ 'rw.oauth.refresh.outcome': 'rejected' }, 1],
    ])
    expect(JSON.stringify(collected)).not.toContain(INSTANCE)
  })

  it('counts token-endpoint errors by endpoint and code: RFC 6749 codes, HTTP status otherwise, SDK code when nothing arrived', async () => {
    const setup = setUpInstrumentedClient()
    setup.mock.faults.nextTokenResponses.push({
      kind: 'status',
      status: 401,
      body: JSON.stringify({ error: 'invalid_client' }),
      endpoint: 'token',
    })
    await expect(connectInstance(setup)).rejects.toMatchObject({ code: 'token_endpoint_error' })
    await connectInstance(setup)
    setup.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 502, endpoint: 'refresh' })
    await expect(setup.rw.refresh(INSTANCE)).rejects.toMatchObject({ code: 'token_response_invalid' })
    setup.clock.advance(BACKOFF_MAX_MS)
    setup.mock.faults.nextTokenResponses.push({
      kind: 'status',
      status: 400,
      body: JSON.stringify({ error: 'a_server_chosen_string' }),
      endpoint: 'refresh',
    })
    await expect(setup.rw.refresh(INSTANCE)).rejects.toBeDefined()
    setup.clock.advance(BACKOFF_MAX_MS)
    setup.mock.faults.nextTokenResponses.push({ kind: 'lose_request', endpoint: 'refresh' })
    await expect(setup.rw.refresh(INSTANCE)).rejects.toBeDefined()

    const errors = readDataPoints(await setup.telemetry.collectMetrics(), 'rw.oauth.token_endpoint.errors')
    expect(errors).toEqual([
      { attributes: { 'rw.oauth.endpoint': 'token', 'error.type': 'invalid_client' }, value: 1 },
      { attributes: { 'rw.oauth.endpoint': 'refresh', 'error.type': 'http_502' }, value: 1 },
      { attributes: { 'rw.oauth.endpoint': 'refresh', 'error.type': 'http_400' }, value: 1 },
      { attributes: { 'rw.oauth.endpoint': 'refresh', 'error.type': 'token_request_failed' }, value: 1 },
    ])
  })

  it('observes the connections per status from the store registry at each collection', async () => {
    const setup = setUpInstrumentedClient()
    await connectInstance(setup)
    expect(readDataPoints(await setup.telemetry.collectMetrics(), 'rw.oauth.connections')).toEqual([
      { attributes: { 'rw.oauth.connection.status': 'active' }, value: 1 },
      { attributes: { 'rw.oauth.connection.status': 'refresh_outcome_unknown' }, value: 0 },
      { attributes: { 'rw.oauth.connection.status': 'reauthorization_required' }, value: 0 },
    ])
    await connectInstance(setup, 'coastal-fm')
    const active = readDataPoints(await setup.telemetry.collectMetrics(), 'rw.oauth.connections')[0]
    expect(active?.value).toBe(2)
  })

  it('observes the seconds until the soonest active expiry on the client clock, negative once passed, never by instance', async () => {
    const setup = setUpInstrumentedClient()
    const readSoonest = async () =>
      readDataPoints(await setup.telemetry.collectMetrics(), 'rw.oauth.connection.soonest_expiry')
    expect(await readSoonest()).toEqual([])
    await connectInstance(setup)
    expect(await readSoonest()).toEqual([{ attributes: {}, value: 3_600 }])
    setup.clock.advance(1_000_000)
    await connectInstance(setup, 'coastal-fm')
    expect(await readSoonest()).toEqual([{ attributes: {}, value: 2_600 }])
    setup.clock.advance(2_600_250)
    expect(await readSoonest()).toEqual([{ attributes: {}, value: -0.25 }])
    await setup.rw.disconnect(INSTANCE)
    expect(await readSoonest()).toEqual([{ attributes: {}, value: 999.75 }])
  })

  it('observes no soonest expiry while no connection is active: one awaiting reauthorization is left out', async () => {
    const setup = setUpInstrumentedClient()
    await connectThenRejectRefresh(setup)
    const collected = await setup.telemetry.collectMetrics()
    expect(readDataPoints(collected, 'rw.oauth.connection.soonest_expiry')).toEqual([])
    expect(readDataPoints(collected, 'rw.oauth.connections')[2]).toEqual({
      attributes: { 'rw.oauth.connection.status': 'reauthorization_required' },
      value: 1,
    })
    await connectInstance(setup, 'coastal-fm')
    expect(readDataPoints(await setup.telemetry.collectMetrics(), 'rw.oauth.connection.soonest_expiry')).toEqual([
      { attributes: {}, value: 3_600 },
    ])
  })

  it('observes no soonest expiry when the store cannot tell it, or when reading it fails', async () => {
    const memory = createMemoryTokenStore({ now: () => CLOCK_START })
    const countingOnly = {
      ...withoutOptionalCapabilities(memory),
      listConnections: memory.listConnections,
      countConnections: memory.countConnections,
    }
    const meter = createTelemetry().meterProvider.getMeter('soonest-expiry-test')
    expect(observeSoonestExpiry(meter, countingOnly, () => CLOCK_START)).toBe(false)
    expect(observeSoonestExpiry(meter, memory, () => CLOCK_START)).toBe(true)
    const older = setUpInstrumentedClient({}, { store: countingOnly })
    await connectInstance(older)
    const collected = await older.telemetry.collectMetrics()
    expect(readDataPoints(collected, 'rw.oauth.connections')[0]?.value).toBe(1)
    expect(readDataPoints(collected, 'rw.oauth.connection.soonest_expiry')).toEqual([])

    const failing = Object.assign(createMemoryTokenStore({ now: () => CLOCK_START }), {
      findSoonestExpiry: () => Promise.reject(new Error('store unreachable')),
    })
    const unreadable = setUpInstrumentedClient({}, { store: failing })
    await connectInstance(unreadable)
    const afterFailure = await unreadable.telemetry.collectMetrics()
    expect(readDataPoints(afterFailure, 'rw.oauth.connection.soonest_expiry')).toEqual([])
    expect(readDataPoints(afterFailure, 'rw.oauth.connections')[0]?.value).toBe(1)
  })

  it('observes the circuit breaker: 0 while closed, 1 once the token endpoint kept failing', async () => {
    const setup = setUpInstrumentedClient({}, { circuitBreaker: { failureThreshold: 1 } })
    await connectInstance(setup)
    const readOpen = async () =>
      readDataPoints(await setup.telemetry.collectMetrics(), 'rw.oauth.circuit_breaker.open').map(({ value }) => value)
    expect(await readOpen()).toEqual([0])
    setup.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 503, endpoint: 'refresh' })
    await expect(setup.rw.refresh(INSTANCE)).rejects.toMatchObject({ code: 'token_response_invalid' })
    expect(await readOpen()).toEqual([1])
  })

  it('registers no connections gauge when the store keeps no registry', async () => {
    const store = withoutOptionalCapabilities(createMemoryTokenStore({ now: () => CLOCK_START }))
    const setup = setUpInstrumentedClient({}, { store })
    await connectInstance(setup)
    expect(readDataPoints(await setup.telemetry.collectMetrics(), 'rw.oauth.connections')).toEqual([])
  })
})
