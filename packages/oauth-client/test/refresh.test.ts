import {
  type ConnectionRecord,
  type LockLease,
  ReauthorizationRequiredError,
  RefreshOutcomeUnknownError,
  type TokenStore,
} from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import { createMemoryTokenStore } from '../src/memory-token-store'
import { connectInstance, HOUR_MS, INSTANCE, setUpMockedClient } from './support/mock-setup'

const REFRESH_WINDOW_MS = 5 * 60_000

describe('refresh', () => {
  it('200 concurrent callers on an expired token cause exactly one refresh and all get the new token', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const before = await setup.rw.getAccessToken(INSTANCE)
    const refreshed: unknown[] = []
    setup.rw.on('refreshed', (payload) => refreshed.push(payload))
    setup.clock.advance(HOUR_MS + 1)

    const tokens = await Promise.all(Array.from({ length: 200 }, () => setup.rw.getAccessToken(INSTANCE)))

    expect(setup.mock.counters.refreshRequests).toBe(1)
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).not.toBe(before)
    expect((await setup.store.getConnection(INSTANCE))?.accessToken).toBe(tokens[0])
    expect(refreshed).toEqual([{ instanceKey: INSTANCE, version: 3, expiresAt: setup.clock.now() + HOUR_MS }])
    const response = await setup.rw.fetch(INSTANCE, '/instance')
    expect(response.status).toBe(200)
  })

  it('two clients sharing a store refresh once between them (rule 3: the loser adopts)', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const peer = setup.createPeer()
    setup.clock.advance(HOUR_MS + 1)
    const [mine, theirs] = await Promise.all([setup.rw.getAccessToken(INSTANCE), peer.getAccessToken(INSTANCE)])
    expect(mine).toBe(theirs)
    expect(setup.mock.counters.refreshRequests).toBe(1)
  })

  it('a fresh token costs one store read and nothing else', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const reads: string[] = []
    const counting = countingStore(setup.store, reads)
    const rw = setup.createPeer({ store: counting, lock: createMemoryTokenStore() })
    await rw.getAccessToken(INSTANCE)
    expect(reads).toEqual(['getConnection'])
    expect(setup.mock.counters.refreshRequests).toBe(0)
  })

  it('starts the store read before getAccessToken returns (no await ahead of it on the hot path)', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const reads: string[] = []
    const rw = setup.createPeer({ store: countingStore(setup.store, reads), lock: createMemoryTokenStore() })
    const pending = rw.getAccessToken(INSTANCE)
    expect(reads).toEqual(['getConnection'])
    expect(await pending).toBe((await setup.store.getConnection(INSTANCE))?.accessToken)
  })

  it('reads the store on every call: a disconnect by another client is noticed on the next call', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const peer = setup.createPeer()
    expect(await setup.rw.getAccessToken(INSTANCE)).toEqual(expect.any(String))
    expect(await peer.disconnect(INSTANCE)).toBe(true)
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ code: 'not_connected' })
  })

  it('rejects (never throws synchronously) when the instance key is not a non-empty string', async () => {
    const setup = setUpMockedClient()
    let pending: Promise<string> | undefined
    expect(() => {
      pending = setup.rw.getAccessToken('')
    }).not.toThrow()
    await expect(pending).rejects.toMatchObject({ code: 'usage_invalid' })
  })

  it('invalid_grant (revoked grant) marks reauthorization_required once and never loops', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const events: unknown[] = []
    setup.rw.on('reauthorization_required', (payload) => events.push(payload))
    setup.mock.revokeGrant(INSTANCE)
    setup.clock.advance(HOUR_MS + 1)

    const errors = await Promise.all(
      Array.from({ length: 20 }, () => setup.rw.getAccessToken(INSTANCE).catch((error: unknown) => error)),
    )
    for (const error of errors) expect(error).toBeInstanceOf(ReauthorizationRequiredError)
    expect(setup.mock.counters.refreshRequests).toBe(1)
    expect(events).toEqual([{ instanceKey: INSTANCE, oauthError: 'invalid_grant' }])
    expect(await setup.rw.getConnection(INSTANCE)).toMatchObject({ status: 'reauthorization_required', version: 3 })

    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toBeInstanceOf(ReauthorizationRequiredError)
    await expect(setup.rw.refresh(INSTANCE)).rejects.toBeInstanceOf(ReauthorizationRequiredError)
    expect(setup.mock.counters.refreshRequests).toBe(1)

    const reconnected = await connectInstance(setup)
    expect(reconnected.connection).toMatchObject({ status: 'active', version: 4 })
  })

  it('invalid_grant after another writer stored a newer version adopts it (rule 6)', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const rw = setup.createPeer({
      fetch: async (input, init) => {
        if (String(input) === setup.mock.urls.refresh) {
          // The customer reconnects while the refresh call is in flight; the old grant is then refused.
          await connectInstance(setup)
          setup.mock.faults.nextTokenResponses.push({ kind: 'invalid_grant', endpoint: 'refresh' })
        }
        return setup.mock.fetch(input, init)
      },
    })
    const events: unknown[] = []
    rw.on('reauthorization_required', (payload) => events.push(payload))
    setup.clock.advance(HOUR_MS + 1)

    const token = await rw.getAccessToken(INSTANCE)

    const stored = await setup.store.getConnection(INSTANCE)
    expect(stored).toMatchObject({ status: 'active', version: 3 })
    expect(token).toBe(stored?.accessToken)
    expect(events).toEqual([])
    expect(setup.mock.counters.invalidGrant).toBe(1)
  })

  it('a lost refresh response marks refresh_outcome_unknown without retrying', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const events: unknown[] = []
    setup.rw.on('refresh_outcome_unknown', (payload) => events.push(payload))
    setup.mock.faults.nextTokenResponses.push({ kind: 'lose_response_after_rotation', endpoint: 'refresh' })
    setup.clock.advance(HOUR_MS + 1)

    const lost = (await setup.rw
      .getAccessToken(INSTANCE)
      .catch((error: unknown) => error)) as RefreshOutcomeUnknownError
    expect(lost).toBeInstanceOf(RefreshOutcomeUnknownError)
    expect(setup.mock.counters.refreshRequests).toBe(1)
    expect(events).toEqual([{ instanceKey: INSTANCE }])
    expect(await setup.rw.getConnection(INSTANCE)).toMatchObject({ status: 'refresh_outcome_unknown', version: 3 })

    // The request may still reach the server late: no retry before retryAt.
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ retryAt: lost.retryAt })
    expect(setup.mock.counters.refreshRequests).toBe(1)
    // The rotating mock already spent that refresh token: the one retry ends in reauthorization.
    setup.clock.advance((lost.retryAt as number) - setup.clock.now())
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toBeInstanceOf(ReauthorizationRequiredError)
    expect(setup.mock.counters.refreshRequests).toBe(2)
    expect(await setup.rw.getConnection(INSTANCE)).toMatchObject({ status: 'reauthorization_required' })
  })

  it('after a lost response, a non-rotating server accepts the one explicit retry', async () => {
    const setup = setUpMockedClient({}, { rotateRefreshTokens: false })
    await connectInstance(setup)
    setup.mock.faults.nextTokenResponses.push({ kind: 'lose_response_after_rotation', endpoint: 'refresh' })
    setup.clock.advance(HOUR_MS + 1)
    const lost = (await setup.rw
      .getAccessToken(INSTANCE)
      .catch((error: unknown) => error)) as RefreshOutcomeUnknownError
    expect(lost).toBeInstanceOf(RefreshOutcomeUnknownError)
    setup.clock.advance((lost.retryAt as number) - setup.clock.now())
    const token = await setup.rw.getAccessToken(INSTANCE)
    expect(await setup.rw.getConnection(INSTANCE)).toMatchObject({ status: 'active', version: 5 })
    expect(token).toBe((await setup.store.getConnection(INSTANCE))?.accessToken)
    expect(setup.mock.counters.refreshRequests).toBe(2)
  })

  it('a transient 5xx while the token is due serves the old token at once and logs a warning', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const old = await setup.rw.getAccessToken(INSTANCE)
    setup.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 502, endpoint: 'refresh' })
    setup.clock.advance(HOUR_MS - REFRESH_WINDOW_MS / 2)
    const failed = new Promise((resolve) => setup.rw.on('refresh_failed', resolve))

    // Serve while refreshing: the due token is still valid, so the caller does not wait.
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(old)
    const failure = (await failed) as { nextAttemptAt: number }
    expect(failure).toMatchObject({ instanceKey: INSTANCE, code: 'token_response_invalid', attempt: 1 })
    expect(setup.mock.counters.refreshRequests).toBe(1)
    const warnings = setup.logger.entries.filter((entry) => entry.level === 'warn')
    expect(warnings).toHaveLength(1)
    expect(JSON.stringify(warnings)).not.toContain(old)
    // The failed flight ends within the same turn of the event loop (the memory store answers in
    // microtasks). During the backoff the token is served without any request.
    await new Promise((resolve) => setImmediate(resolve))
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(old)
    expect(setup.mock.counters.refreshRequests).toBe(1)
    // Once the backoff is over, the next call tries again behind the still-valid token.
    setup.clock.advance(failure.nextAttemptAt - setup.clock.now())
    const refreshed = new Promise((resolve) => setup.rw.on('recovered', resolve))
    expect(await setup.rw.getAccessToken(INSTANCE)).toBe(old)
    await refreshed
    const fresh = await setup.rw.getAccessToken(INSTANCE)
    expect(fresh).not.toBe(old)
    expect(setup.mock.counters.refreshRequests).toBe(2)
  })

  it('a transient 5xx on an expired token is an error', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    setup.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 503, endpoint: 'refresh' })
    setup.clock.advance(HOUR_MS + 1)
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ code: 'token_response_invalid' })
    expect(await setup.rw.getConnection(INSTANCE)).toMatchObject({ status: 'active', version: 3 })
  })

  it('a slow refresh endpoint hits the deadline and is treated as a lost response', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    // Only the refresh runs under the short deadline (a loaded machine may take longer to connect).
    const hurried = setup.createPeer({ httpTimeoutMs: 30, lockLeaseMs: 1_000 })
    setup.mock.faults.latencyMs = 5_000
    setup.clock.advance(HOUR_MS + 1)
    const error = await hurried.getAccessToken(INSTANCE).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RefreshOutcomeUnknownError)
    expect((error as Error).cause).toMatchObject({ code: 'token_request_failed', maybeDelivered: true })
  })

  it('persists the new pair before handing the access token to anyone (rule 4)', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const order: string[] = []
    let releaseSave!: () => void
    const saveGate = new Promise<void>((resolve) => {
      releaseSave = resolve
    })
    let saveStarted!: () => void
    const saveCalled = new Promise<void>((resolve) => {
      saveStarted = resolve
    })
    const gated: TokenStore = {
      ...bindStore(setup.store),
      async saveConnection(record, options) {
        order.push(`save-start v${record.version}`)
        saveStarted()
        await saveGate
        const outcome = await setup.store.saveConnection(record, options)
        order.push(`save-done v${record.version}`)
        return outcome
      },
    }
    const rw = setup.createPeer({ store: gated, lock: createMemoryTokenStore({ now: setup.clock.now }) })
    setup.clock.advance(HOUR_MS + 1)
    const token = rw.getAccessToken(INSTANCE).then((value) => {
      order.push('token returned')
      return value
    })
    await saveCalled
    // The write-ahead marker (v2) goes first, before the refresh token is sent.
    expect(order).toEqual(['save-start v2'])
    releaseSave()
    expect(await token).toBe((await setup.store.getConnection(INSTANCE))?.accessToken)
    expect(order).toEqual(['save-start v2', 'save-done v2', 'save-start v3', 'save-done v3', 'token returned'])
  })

  it('a disconnect during a refresh is not undone by the refresh save', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const rw = setup.createPeer({
      fetch: async (input, init) => {
        if (String(input) === setup.mock.urls.refresh) await setup.rw.disconnect(INSTANCE)
        return setup.mock.fetch(input, init)
      },
    })
    setup.clock.advance(HOUR_MS + 1)
    await expect(rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ code: 'not_connected' })
    expect(await setup.store.getConnection(INSTANCE)).toBeNull()
  })

  it('waits for another holder and times out with a typed error when it never finishes', async () => {
    const lock = createMemoryTokenStore()
    const setup = setUpMockedClient({ lock, refreshWaitMs: 50 })
    await connectInstance(setup)
    const held = (await lock.tryAcquire(INSTANCE, 60_000)) as LockLease
    setup.clock.advance(HOUR_MS + 1)
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ code: 'refresh_timeout' })
    expect(setup.mock.counters.refreshRequests).toBe(0)
    await held.release()
    expect(await setup.rw.getAccessToken(INSTANCE)).toBeTypeOf('string')
  })

  it('refresh() forces one refresh and returns connection info without tokens', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const info = await setup.rw.refresh(INSTANCE)
    expect(info).toMatchObject({ instanceKey: INSTANCE, status: 'active', version: 3, expiry: 'fresh' })
    expect(Object.keys(info)).not.toContain('accessToken')
    expect(setup.mock.counters.refreshRequests).toBe(1)
  })
})

function bindStore(store: TokenStore): TokenStore {
  return {
    getConnection: (key) => store.getConnection(key),
    saveConnection: (record: ConnectionRecord, options) => store.saveConnection(record, options),
    deleteConnection: (key, options) => store.deleteConnection(key, options),
    savePendingAuthorization: (pending) => store.savePendingAuthorization(pending),
    consumePendingAuthorization: (stateId) => store.consumePendingAuthorization(stateId),
  }
}

function countingStore(store: TokenStore, calls: string[]): TokenStore {
  const bound = bindStore(store)
  return Object.fromEntries(
    Object.entries(bound).map(([name, method]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name)
        return (method as (...inner: unknown[]) => unknown)(...args)
      },
    ]),
  ) as unknown as TokenStore
}

describe('refresh when the lease is lost mid-call', () => {
  it('still saves the new pair with the version check alone, so the rotated token is not stranded', async () => {
    const setup = setUpMockedClient({ lockLeaseMs: 20_000, httpTimeoutMs: 10_000 })
    await connectInstance(setup)
    const warnings = () => setup.logger.entries.filter((entry) => entry.message.includes('lease expired'))
    const rw = setup.createPeer({
      fetch: async (input, init) => {
        // The process stalls past its lease while the refresh call is in flight.
        if (String(input) === setup.mock.urls.refresh) setup.clock.advance(25_000)
        return setup.mock.fetch(input, init)
      },
    })
    setup.clock.advance(HOUR_MS + 1)
    const token = await rw.getAccessToken(INSTANCE)
    expect(await setup.store.getConnection(INSTANCE)).toMatchObject({ version: 3, accessToken: token })
    expect(warnings()).toHaveLength(1)
  })
})
