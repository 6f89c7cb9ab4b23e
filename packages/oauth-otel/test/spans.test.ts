import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import type { RefreshLock, TokenStore } from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import {
  BACKOFF_MAX_MS,
  childrenOf,
  connectInstance,
  connectThenRejectRefresh,
  findSpans,
  HOUR_MS,
  INSTANCE,
  readDataPoints,
  setUpInstrumentedClient,
  useAsyncContext,
} from './support/telemetry-setup'

useAsyncContext()

describe('spans', () => {
  it('traces the code exchange with an HTTP client span to the token endpoint under it', async () => {
    const setup = setUpInstrumentedClient()
    await connectInstance(setup)

    const [exchange] = findSpans(setup.telemetry, 'rw.oauth.code_exchange')
    expect(exchange?.kind).toBe(SpanKind.INTERNAL)
    const [call] = childrenOf(setup.telemetry, exchange!)
    expect(call?.name).toBe('POST')
    expect(call?.kind).toBe(SpanKind.CLIENT)
    expect(call?.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': 'localhost',
      'server.port': 4010,
      'url.full': setup.mock.urls.token,
      'rw.oauth.endpoint': 'token',
      'http.response.status_code': 200,
    })
  })

  it('traces a refresh with its outcome and the refreshToken call under it', async () => {
    const setup = setUpInstrumentedClient()
    await connectInstance(setup)
    setup.clock.advance(HOUR_MS + 1)
    await setup.rw.getAccessToken(INSTANCE)

    const [refresh] = findSpans(setup.telemetry, 'rw.oauth.refresh')
    expect(refresh?.attributes).toEqual({ 'rw.oauth.refresh.outcome': 'refreshed' })
    expect(refresh?.status.code).toBe(SpanStatusCode.UNSET)
    const [call] = childrenOf(setup.telemetry, refresh!)
    expect(call?.attributes).toMatchObject({
      'url.full': setup.mock.urls.refresh,
      'rw.oauth.endpoint': 'refresh',
      'http.response.status_code': 200,
    })
  })

  it('marks a rejected refresh as an error with its code, and the 400 call with its status', async () => {
    const setup = setUpInstrumentedClient()
    await connectThenRejectRefresh(setup)

    const [refresh] = findSpans(setup.telemetry, 'rw.oauth.refresh')
    expect(refresh?.attributes).toEqual({
      'rw.oauth.refresh.outcome': 'rejected',
      'error.type': 'reauthorization_required',
    })
    expect(refresh?.status.code).toBe(SpanStatusCode.ERROR)
    const [call] = childrenOf(setup.telemetry, refresh!)
    expect(call?.attributes).toMatchObject({ 'http.response.status_code': 400, 'error.type': '400' })
    expect(call?.status.code).toBe(SpanStatusCode.ERROR)
  })

  it('reports a transient failure behind a valid token as served_stale, the backoff after it, and a lost response', async () => {
    const setup = setUpInstrumentedClient()
    await connectInstance(setup)
    setup.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 503, endpoint: 'refresh' })
    await expect(setup.rw.refresh(INSTANCE)).rejects.toMatchObject({ code: 'token_response_invalid' })
    await expect(setup.rw.refresh(INSTANCE)).rejects.toMatchObject({ code: 'refresh_backoff' })
    setup.clock.advance(BACKOFF_MAX_MS)
    setup.mock.faults.nextTokenResponses.push({ kind: 'lose_response_after_rotation', endpoint: 'refresh' })
    await expect(setup.rw.refresh(INSTANCE)).rejects.toMatchObject({ code: 'refresh_outcome_unknown' })

    const outcomes = findSpans(setup.telemetry, 'rw.oauth.refresh').map((span) => span.attributes)
    expect(outcomes).toEqual([
      { 'rw.oauth.refresh.outcome': 'served_stale', 'error.type': 'token_response_invalid' },
      { 'rw.oauth.refresh.outcome': 'backoff', 'error.type': 'refresh_backoff' },
      { 'rw.oauth.refresh.outcome': 'lost', 'error.type': 'refresh_outcome_unknown' },
    ])
  })

  it('traces rw.fetch with one GET span per attempt (401, forced refresh, retry) and no query in url.full', async () => {
    const setup = setUpInstrumentedClient()
    await connectInstance(setup)
    setup.mock.expireAccessToken(INSTANCE)
    const response = await setup.rw.fetch(INSTANCE, '/instance?api_key=query-secret#fragment')
    expect(response.status).toBe(200)

    const [fetchSpan] = findSpans(setup.telemetry, 'rw.oauth.fetch')
    expect(fetchSpan?.attributes).toEqual({ 'http.request.method': 'GET', 'http.response.status_code': 200 })
    const children = childrenOf(setup.telemetry, fetchSpan!)
    expect(children.map((span) => [span.name, span.attributes['http.response.status_code']])).toEqual([
      ['GET', 401],
      ['rw.oauth.refresh', undefined],
      ['GET', 200],
    ])
    expect(children[0]?.attributes).toMatchObject({
      'url.full': `${setup.mock.urls.api}/instance`,
      'rw.oauth.endpoint': 'api',
    })
  })

  it('traces a wait for another process refresh as a lock_wait span inside the waiting refresh', async () => {
    const holderSending = createSignal()
    const waiterWaiting = createSignal()
    const setup = setUpInstrumentedClient()
    await connectInstance(setup)
    const holder = setup.createPeer({
      fetch: async (input, init) => {
        if (String(input) === setup.mock.urls.refresh) {
          holderSending.fire()
          await waiterWaiting.fired
        }
        return setup.mock.fetch(input, init)
      },
    })
    const waiter = setup.createPeer({ lock: signallingLock(setup.store, waiterWaiting.fire) })
    setup.clock.advance(HOUR_MS + 1)

    const held = holder.getAccessToken(INSTANCE)
    await holderSending.fired
    const waited = waiter.getAccessToken(INSTANCE)
    expect(await waited).toBe(await held)

    const [wait] = findSpans(setup.telemetry, 'rw.oauth.lock_wait')
    expect(wait?.attributes).toEqual({})
    const waiterRefresh = findSpans(setup.telemetry, 'rw.oauth.refresh').find(
      (span) => span.spanContext().spanId === wait?.parentSpanContext?.spanId,
    )
    expect(waiterRefresh?.attributes['rw.oauth.refresh.outcome']).toBe('adopted')
    const [waits] = readDataPoints(await setup.telemetry.collectMetrics(), 'rw.oauth.lock.wait.duration')
    expect(waits).toMatchObject({ attributes: {}, value: { count: 1 } })
  })

  it('traces a background-refresh sweep with its counts and the refreshes it ran under it', async () => {
    const setup = setUpInstrumentedClient()
    await connectInstance(setup)
    await connectInstance(setup, 'coastal-fm')
    setup.clock.advance(HOUR_MS - 60_000)
    expect(await setup.rw.refreshDueConnections({ leadMs: 120_000 })).toEqual({ refreshed: 2, skipped: 0, failed: 0 })

    const [sweep] = findSpans(setup.telemetry, 'rw.oauth.refresh_batch')
    expect(sweep?.attributes).toEqual({
      'rw.oauth.batch.refreshed': 2,
      'rw.oauth.batch.skipped': 0,
      'rw.oauth.batch.failed': 0,
    })
    expect(childrenOf(setup.telemetry, sweep!).map((span) => span.attributes)).toEqual([
      { 'rw.oauth.refresh.outcome': 'refreshed' },
      { 'rw.oauth.refresh.outcome': 'refreshed' },
    ])
  })

  it('puts the instance key on spans only with recordInstanceKeys: true', async () => {
    const without = setUpInstrumentedClient()
    await connectInstance(without)
    expect(without.telemetry.spans().some((span) => 'rw.oauth.instance_key' in span.attributes)).toBe(false)

    const withKeys = setUpInstrumentedClient({ recordInstanceKeys: true })
    await connectInstance(withKeys)
    const [exchange] = findSpans(withKeys.telemetry, 'rw.oauth.code_exchange')
    expect(exchange?.attributes).toEqual({ 'rw.oauth.instance_key': INSTANCE })
  })
})

function createSignal() {
  let fire = () => {}
  const fired = new Promise<void>((resolve) => {
    fire = resolve
  })
  return { fire: () => fire(), fired }
}

/** The shared store as the lock, telling the test when a waiter starts waiting for the holder. */
function signallingLock(store: TokenStore, onWait: () => void): RefreshLock {
  const lock = store as TokenStore & RefreshLock
  return {
    tryAcquire: (instanceKey, leaseMs) => lock.tryAcquire(instanceKey, leaseMs),
    waitForChange(instanceKey, timeoutMs, signal) {
      const waited = lock.waitForChange(instanceKey, timeoutMs, signal)
      onWait()
      return waited
    },
  }
}
