import { describe, expect, it } from 'vitest'
import { createMemoryFleetCoordinator, type MemoryTokenStore } from '../src/index'
import { connectInstance, HOUR_MS, INSTANCE, setUpMockedClient } from './support/mock-setup'

describe('per-instance refresh backoff, shared through the store', () => {
  it('after one process fails, no process sends again before the backoff ends; expired tokens fail fast with retryAt', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const other = setup.createPeer()
    setup.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 503, endpoint: 'refresh' })
    setup.clock.advance(HOUR_MS + 1)

    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ code: 'token_response_invalid' })
    const stored = await setup.store.getConnection(INSTANCE)
    const retryAt = stored?.refreshBackoff?.nextAttemptAt as number
    expect(stored?.refreshBackoff).toMatchObject({ failures: 1, lastCode: 'token_response_invalid' })

    // The other process (and this one) answer at once, without a request, while the backoff lasts.
    for (const rw of [other, setup.rw, other]) {
      await expect(rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ code: 'refresh_backoff', retryAt })
    }
    expect(setup.mock.counters.refreshRequests).toBe(1)

    const recovered = new Promise((resolve) => other.on('recovered', resolve))
    setup.clock.advance(retryAt - setup.clock.now())
    const token = await other.getAccessToken(INSTANCE)
    expect(await recovered).toMatchObject({ instanceKey: INSTANCE })
    expect(await setup.store.getConnection(INSTANCE)).toMatchObject({ accessToken: token })
    expect((await setup.store.getConnection(INSTANCE))?.refreshBackoff ?? null).toBeNull()
    expect(setup.mock.counters.refreshRequests).toBe(2)
  })

  it.each([
    ['delay-seconds', '120', 120_000],
    ['an HTTP date', 'DATE+90', 90_000],
  ])('honours Retry-After given as %s on a 503', async (_form, header, delayMs) => {
    const setup = setUpMockedClient({ refreshBackoff: { baseMs: 10, maxMs: 20 } })
    await connectInstance(setup)
    setup.clock.advance(HOUR_MS + 1)
    const value = header.startsWith('DATE') ? new Date(setup.clock.now() + delayMs).toUTCString() : header
    setup.mock.faults.nextTokenResponses.push({
      kind: 'status',
      status: 503,
      endpoint: 'refresh',
      body: '{"error":"temporarily_unavailable"}',
      contentType: 'application/json',
      headers: { 'retry-after': value },
    })
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toBeDefined()
    const backoff = (await setup.store.getConnection(INSTANCE))?.refreshBackoff
    expect(backoff?.nextAttemptAt).toBeGreaterThanOrEqual(setup.clock.now() + delayMs - 1_000)
  })

  it('ignores a Retry-After it cannot read and falls back to its own backoff', async () => {
    const setup = setUpMockedClient({ refreshBackoff: { baseMs: 10, maxMs: 20 } })
    await connectInstance(setup)
    setup.clock.advance(HOUR_MS + 1)
    setup.mock.faults.nextTokenResponses.push({
      kind: 'status',
      status: 503,
      endpoint: 'refresh',
      body: 'busy',
      headers: { 'retry-after': 'later, maybe' },
    })
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toBeDefined()
    const backoff = (await setup.store.getConnection(INSTANCE))?.refreshBackoff
    expect(backoff?.nextAttemptAt).toBeLessThanOrEqual(setup.clock.now() + 20)
  })
})

describe('calls on a due token while its instance backs off', () => {
  it('are served without trying for a refresh slot (no store round trip beyond the read)', async () => {
    const base = setUpMockedClient()
    const coordinator = createMemoryFleetCoordinator({ now: base.clock.now })
    let slotAttempts = 0
    const store = {
      ...(base.store as MemoryTokenStore),
      ...coordinator,
      tryAcquireSlot: (name: string, limit: number, leaseMs: number) => {
        slotAttempts++
        return coordinator.tryAcquireSlot(name, limit, leaseMs)
      },
    }
    const rw = base.createPeer({ store })
    await connectInstance({ mock: base.mock, rw })
    const old = await rw.getAccessToken(INSTANCE)
    base.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 503, endpoint: 'refresh' })
    base.clock.advance(HOUR_MS - 60_000)
    const failed = new Promise((resolve) => rw.on('refresh_failed', resolve))
    expect(await rw.getAccessToken(INSTANCE)).toBe(old)
    await failed
    await new Promise((resolve) => setImmediate(resolve))
    const attemptsAfterFailure = slotAttempts
    for (let call = 0; call < 20; call++) expect(await rw.getAccessToken(INSTANCE)).toBe(old)
    expect(slotAttempts).toBe(attemptsAfterFailure)
    expect(base.mock.counters.refreshRequests).toBe(1)
  })
})
