import type { ConnectionRecord, TokenStore } from '@rw/oauth-core'
import { withoutOptionalCapabilities } from '@rw/oauth-testing'
import { describe, expect, it } from 'vitest'
import { handleHealthRequest } from '../src/health-route'
import { connectInstance, INSTANCE, setUpMockedClient } from './support/mock-setup'

function unreachable(store: TokenStore): TokenStore {
  return Object.assign(Object.create(store) as TokenStore, {
    getConnection: () => new Promise<ConnectionRecord | null>(() => {}),
  })
}

describe('rw.health()', () => {
  it('reports a reachable store with its latency, the breaker, and no counts when the store keeps no registry', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const health = await setup.createPeer({ store: withoutOptionalCapabilities(setup.store) }).health()
    expect(health).toEqual({ store: { reachable: true, latencyMs: expect.any(Number) }, breaker: { state: 'closed' } })
  })

  it('reports the connections per status from the store registry', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    await connectInstance(setup, 'coastal-fm')
    const health = await setup.rw.health()
    expect(health.connections).toEqual({ active: 2, refresh_outcome_unknown: 0, reauthorization_required: 0 })
  })

  it('reports an open circuit breaker after the token endpoint keeps failing', async () => {
    const setup = setUpMockedClient({ circuitBreaker: { failureThreshold: 1 } })
    await connectInstance(setup)
    setup.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 503, endpoint: 'refresh' })
    await expect(setup.rw.refresh(INSTANCE)).rejects.toMatchObject({ code: 'token_response_invalid' })
    expect((await setup.rw.health()).breaker).toEqual({ state: 'open' })
  })

  it('reports an unreachable store once the deadline passes instead of hanging', async () => {
    const setup = setUpMockedClient()
    const rw = setup.createPeer({ store: unreachable(setup.store) })
    const health = await rw.health({ timeoutMs: 20 })
    expect(health.store.reachable).toBe(false)
    // Timing itself is not asserted (a timer may fire a millisecond early on a busy machine): only that a number is reported.
    expect(health.store.latencyMs).toEqual(expect.any(Number))
  })

  it('reports a store whose read fails as unreachable', async () => {
    const setup = setUpMockedClient()
    const failing = Object.assign(Object.create(setup.store) as TokenStore, {
      getConnection: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6390')),
    })
    const health = await setup.createPeer({ store: failing }).health()
    expect(health.store.reachable).toBe(false)
  })
})

describe('handleHealthRequest', () => {
  it('answers 200 with the health as JSON, uncacheable, and no instance key in it', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const answer = await handleHealthRequest(setup.rw)
    expect(answer.status).toBe(200)
    expect(answer.headers).toContainEqual(['cache-control', 'no-store'])
    expect(answer.headers).toContainEqual(['content-type', 'application/json; charset=utf-8'])
    const body = JSON.parse(answer.body)
    expect(body.connections.active).toBe(1)
    expect(answer.body).not.toContain(INSTANCE)
  })

  it('answers 503 when the store does not answer', async () => {
    const setup = setUpMockedClient()
    const answer = await handleHealthRequest(setup.createPeer({ store: unreachable(setup.store) }), { timeoutMs: 20 })
    expect(answer.status).toBe(503)
    expect(JSON.parse(answer.body).store.reachable).toBe(false)
  })
})
