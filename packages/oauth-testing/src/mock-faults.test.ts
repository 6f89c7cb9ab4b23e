import { describe, expect, it } from 'vitest'
import {
  connectInstance,
  obtainAuthorizationCode,
  postTokenForm,
  refreshTokens,
  TEST_CODE_VERIFIER,
} from '../test/support/mock-client'
import { createMockRadioWorkflow } from './create-mock-radio-workflow'
import { LOST_RESPONSE_HEADER } from './lost-response'
import { MOCK_REDIRECT_URI } from './mock-defaults'

const exchangeParams = (code: string) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: MOCK_REDIRECT_URI,
  code_verifier: TEST_CODE_VERIFIER,
})

describe('mock.faults', () => {
  it('answers queued html5xx, invalid_grant and status faults without changing state', async () => {
    const mock = createMockRadioWorkflow()
    const code = await obtainAuthorizationCode(mock)
    mock.faults.nextTokenResponses.push(
      { kind: 'html5xx', status: 503 },
      { kind: 'invalid_grant' },
      { kind: 'status', status: 429, body: '{"error":"slow_down"}', contentType: 'application/json' },
    )
    const html = await postTokenForm(mock, 'token', exchangeParams(code))
    expect(html.status).toBe(503)
    expect(html.headers.get('content-type')).toMatch(/^text\/html/)
    const invalidGrant = await postTokenForm(mock, 'token', exchangeParams(code))
    expect(invalidGrant.status).toBe(400)
    expect(await invalidGrant.json()).toMatchObject({ error: 'invalid_grant' })
    const custom = await postTokenForm(mock, 'token', exchangeParams(code))
    expect(custom.status).toBe(429)
    expect(await custom.text()).toBe('{"error":"slow_down"}')
    expect((await postTokenForm(mock, 'token', exchangeParams(code))).status).toBe(200)
    expect(mock.counters).toMatchObject({ faultsInjected: 3, tokenRequests: 4, tokenSuccesses: 1 })
  })

  it('applies a fault only to its endpoint', async () => {
    const mock = createMockRadioWorkflow()
    mock.faults.nextTokenResponses.push({ kind: 'html5xx', endpoint: 'refresh' })
    const pair = await connectInstance(mock)
    expect(mock.faults.nextTokenResponses).toHaveLength(1)
    expect((await refreshTokens(mock, pair.refresh_token!)).status).toBe(502)
    expect(mock.faults.nextTokenResponses).toHaveLength(0)
  })

  it('lose_response_after_rotation: rotates, then mock.fetch rejects with a TypeError', async () => {
    const mock = createMockRadioWorkflow()
    const pair = await connectInstance(mock)
    mock.faults.nextTokenResponses.push({ kind: 'lose_response_after_rotation' })
    await expect(refreshTokens(mock, pair.refresh_token!)).rejects.toBeInstanceOf(TypeError)
    expect(mock.counters.refreshSuccesses).toBe(1)
    expect(mock.issued()).toHaveLength(4)
    const retry = await refreshTokens(mock, pair.refresh_token!)
    expect(await retry.json()).toMatchObject({ error: 'invalid_grant' })
    expect(mock.counters.reuseDetected).toBe(1)
  })

  it('lose_response_after_rotation on the code exchange consumes the code', async () => {
    const mock = createMockRadioWorkflow()
    const code = await obtainAuthorizationCode(mock)
    mock.faults.nextTokenResponses.push({ kind: 'lose_response_after_rotation' })
    await expect(postTokenForm(mock, 'token', exchangeParams(code))).rejects.toBeInstanceOf(TypeError)
    expect(mock.counters.tokenSuccesses).toBe(1)
    expect((await postTokenForm(mock, 'token', exchangeParams(code))).status).toBe(400)
  })

  it('marks a lost response for callers of app.request()', async () => {
    const mock = createMockRadioWorkflow()
    mock.faults.nextTokenResponses.push({ kind: 'lose_request' })
    const response = await mock.app.request('/oauth/refreshToken', { method: 'POST' })
    expect(response.headers.get(LOST_RESPONSE_HEADER)).toBe('1')
  })

  it('lose_request: the request is dropped before any state changes', async () => {
    const mock = createMockRadioWorkflow()
    const pair = await connectInstance(mock)
    mock.faults.nextTokenResponses.push({ kind: 'lose_request' })
    await expect(refreshTokens(mock, pair.refresh_token!)).rejects.toBeInstanceOf(TypeError)
    expect((await refreshTokens(mock, pair.refresh_token!)).status).toBe(200)
  })

  it('outage: answers every matching request until cleared, leaving the queue alone', async () => {
    const mock = createMockRadioWorkflow()
    const pair = await connectInstance(mock)
    mock.faults.nextTokenResponses.push({ kind: 'invalid_grant', endpoint: 'refresh' })
    mock.faults.outage = { kind: 'status', status: 503, body: '{"error":"down"}', endpoint: 'refresh' }
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await refreshTokens(mock, pair.refresh_token!)
      expect(answer.status).toBe(503)
      expect(await answer.text()).toBe('{"error":"down"}')
    }
    expect(mock.faults.nextTokenResponses).toHaveLength(1)
    // Nothing rotated during the outage; the code exchange endpoint was never down.
    expect(await obtainAuthorizationCode(mock)).toMatch(/^rwac_/)
    mock.faults.outage = null
    expect((await refreshTokens(mock, pair.refresh_token!)).status).toBe(400)
    expect((await refreshTokens(mock, pair.refresh_token!)).status).toBe(200)
    expect(mock.counters).toMatchObject({ faultsInjected: 4, refreshRequests: 5, refreshSuccesses: 1 })
  })

  it('counts the most refresh requests handled at once, latency included', async () => {
    const mock = createMockRadioWorkflow({
      instances: [
        { key: 'a', name: 'A' },
        { key: 'b', name: 'B' },
        { key: 'c', name: 'C' },
      ],
    })
    const seeded = ['a', 'b', 'c'].map((key) => mock.seedGrant(key))
    mock.faults.latencyMs = 20
    await Promise.all(seeded.slice(0, 2).map((grant) => refreshTokens(mock, grant.refreshToken)))
    await refreshTokens(mock, seeded[2]!.refreshToken)
    expect(mock.counters).toMatchObject({ refreshRequests: 3, peakConcurrentRefreshRequests: 2 })
    mock.resetCounters()
    expect(mock.counters.peakConcurrentRefreshRequests).toBe(0)
  })

  it('delays token responses without blocking the event loop', async () => {
    const mock = createMockRadioWorkflow()
    const pair = await connectInstance(mock)
    mock.faults.latencyMs = { min: 30, max: 60 }
    const order: string[] = []
    const refresh = refreshTokens(mock, pair.refresh_token!).then((response) =>
      order.push(`refresh ${response.status}`),
    )
    await new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => order.push('timer'))
    await refresh
    expect(order).toEqual(['timer', 'refresh 200'])
  })

  it('aborting during latency rejects the fetch and leaves the server state untouched', async () => {
    const mock = createMockRadioWorkflow()
    const pair = await connectInstance(mock)
    mock.faults.latencyMs = 10_000
    const controller = new AbortController()
    const pending = mock.fetch(mock.urls.refresh, {
      method: 'POST',
      headers: { authorization: 'Basic x', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token',
      signal: controller.signal,
    })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    mock.faults.latencyMs = 0
    expect((await refreshTokens(mock, pair.refresh_token!)).status).toBe(200)
  })

  it('rejects requests to other origins from mock.fetch', async () => {
    const mock = createMockRadioWorkflow()
    await expect(mock.fetch('http://127.0.0.1:1/oauth/token')).rejects.toThrow(/only serves/)
  })
})
