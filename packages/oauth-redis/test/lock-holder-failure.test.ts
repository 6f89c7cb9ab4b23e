import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStormSetup, type StormSetup } from './support/storm-setup'

const KILLED = 'holder-killed'
const PAUSED = 'holder-paused'

let setup: StormSetup

beforeAll(async () => {
  setup = await createStormSetup('holder', [KILLED, PAUSED])
  await setup.connect([KILLED, PAUSED])
}, 60_000)

afterAll(async () => {
  await setup?.dispose()
})

/** Polls (bounded) until the instance's lock key no longer exists, i.e. its lease ran out. */
async function waitForLockToExpire(instanceKey: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if ((await setup.redis.exists(setup.lockKeyOf(instanceKey))) === 0) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('the lock never expired')
}

describe('a refresh lock holder that fails', () => {
  it('killed (SIGKILL) during its call: nobody resends its refresh token until the retry is due, then one caller retries once', async () => {
    await setup.expire([KILLED])
    const before = (await setup.store.getConnection(KILLED))!
    const worker = await setup.startWorker('hang-on-refresh', { lockLeaseMs: 1_500, httpTimeoutMs: 1_000 })
    setup.mock.resetCounters()
    worker.send({ type: 'go', round: 1, instances: [KILLED], callersPerInstance: 5 })
    await worker.next('calling')
    await worker.kill('SIGKILL')
    expect(await setup.redis.exists(setup.lockKeyOf(KILLED))).toBe(1)

    await waitForLockToExpire(KILLED)
    // Its write-ahead marker says a call may have been sent: the outcome is unknown, not retried yet.
    const pending = await setup.rw.getAccessToken(KILLED).catch((error: unknown) => error)
    expect(pending).toMatchObject({ code: 'refresh_outcome_unknown', retryAt: expect.any(Number) })
    expect(await setup.store.getConnection(KILLED)).toMatchObject({ status: 'refresh_outcome_unknown' })
    expect(setup.mock.counters.refreshRequests).toBe(0)

    // Once the retry is due (a clock past `retryAt`), one caller retries the refresh token once.
    const later = setup.createClient({ now: () => Date.now() + 60_000 })
    const token = await later.getAccessToken(KILLED)
    const after = (await setup.store.getConnection(KILLED))!
    expect(token).toBe(after.accessToken)
    // marker (killed holder), outcome unknown, the retry's marker, the new pair
    expect(after.version).toBe(before.version + 4)
    expect(setup.mock.counters.refreshRequests).toBe(1)
    expect(setup.mock.counters.invalidGrant).toBe(0)
  })

  it('paused (SIGSTOP) past its lease while another process refreshes: its late write is rejected', async () => {
    await setup.expire([PAUSED])
    const worker = await setup.startWorker('hold-lock')
    setup.mock.resetCounters()
    worker.send({ type: 'hold', instanceKey: PAUSED, leaseMs: 500 })
    const holding = await worker.next('holding')
    expect(holding.acquired).toBe(true)
    worker.pause()
    try {
      await waitForLockToExpire(PAUSED)
      const token = await setup.rw.getAccessToken(PAUSED)
      expect(setup.mock.counters.refreshRequests).toBe(1)
      worker.resume()
      worker.send({ type: 'write', instanceKey: PAUSED })
      const written = await worker.next('written')
      expect(written.withLease).toEqual({ saved: false, reason: 'lock_lost' })
      expect(written.withoutLease).toEqual({ saved: false, reason: 'version_conflict' })
      const stored = (await setup.store.getConnection(PAUSED))!
      expect(stored.accessToken).toBe(token)
      // the refresh's write-ahead marker, then the new pair
      expect(stored.version).toBe(holding.version! + 2)
      expect(setup.mock.counters.refreshRequests).toBe(1)
      expect(setup.mock.counters.invalidGrant).toBe(0)
      await worker.stop()
    } finally {
      worker.resume()
    }
  })
})
