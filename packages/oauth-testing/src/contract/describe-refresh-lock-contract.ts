import type { LockLease, RefreshLock, TokenStore } from '@rw/oauth-core'
import { expect, it } from 'vitest'
import { createTestRecord, createUniqueKey, waitUntil } from './contract-fixtures'

// Only where expiry is the point: short enough to keep the suite fast, long enough for slow CI.
const SHORT_LEASE_MS = 200
const LONG_LEASE_MS = 30_000

async function acquireAfterExpiry(lock: RefreshLock, instanceKey: string): Promise<LockLease> {
  let lease: LockLease | null = null
  await waitUntil(async () => {
    lease = await lock.tryAcquire(instanceKey, LONG_LEASE_MS)
    return lease !== null
  }, 'the expired lease can be taken by another owner')
  return lease!
}

/** Registers the RefreshLock tests; called inside the describe block of the store contract. */
export function registerRefreshLockContract(getFixture: () => { store: TokenStore; lock: RefreshLock }): void {
  it('lock: tryAcquire is exclusive per instance and independent across instances', async () => {
    const { lock } = getFixture()
    const key = createUniqueKey('lock')
    const first = await lock.tryAcquire(key, LONG_LEASE_MS)
    expect(first).not.toBeNull()
    expect(first!.instanceKey).toBe(key)
    expect(first!.owner.length).toBeGreaterThan(0)
    expect(await lock.tryAcquire(key, LONG_LEASE_MS)).toBeNull()
    const other = await lock.tryAcquire(`${key}:other`, LONG_LEASE_MS)
    expect(other).not.toBeNull()
    await Promise.all([first!.release(), other!.release()])
  })

  it('lock: release by the owner frees the lock for a new owner with a different owner token', async () => {
    const { lock } = getFixture()
    const key = createUniqueKey('lock')
    const first = (await lock.tryAcquire(key, LONG_LEASE_MS))!
    await first.release()
    const second = await lock.tryAcquire(key, LONG_LEASE_MS)
    expect(second).not.toBeNull()
    expect(second!.owner).not.toBe(first.owner)
    await first.release()
    expect(await lock.tryAcquire(key, LONG_LEASE_MS)).toBeNull()
    await second!.release()
  })

  it('lock: extend succeeds while held and returns false once released', async () => {
    const { lock } = getFixture()
    const lease = (await lock.tryAcquire(createUniqueKey('lock'), LONG_LEASE_MS))!
    expect(await lease.extend(LONG_LEASE_MS)).toBe(true)
    await lease.release()
    expect(await lease.extend(LONG_LEASE_MS)).toBe(false)
  })

  it('lock: a stale lease (expired, re-acquired by another) can neither release nor extend the new owner', async () => {
    const { lock } = getFixture()
    const key = createUniqueKey('lock')
    const stale = (await lock.tryAcquire(key, SHORT_LEASE_MS))!
    const current = await acquireAfterExpiry(lock, key)
    await stale.release()
    expect(await lock.tryAcquire(key, LONG_LEASE_MS)).toBeNull()
    expect(await stale.extend(LONG_LEASE_MS)).toBe(false)
    expect(await lock.tryAcquire(key, LONG_LEASE_MS)).toBeNull()
    expect(await current.extend(LONG_LEASE_MS)).toBe(true)
    await current.release()
    const next = await lock.tryAcquire(key, LONG_LEASE_MS)
    expect(next).not.toBeNull()
    await next!.release()
  })

  it('lock: a lease-checked save succeeds while held and fails with lock_lost after release', async () => {
    const { store, lock } = getFixture()
    const key = createUniqueKey('lease-save')
    const lease = (await lock.tryAcquire(key, LONG_LEASE_MS))!
    expect(await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null, lease })).toEqual({
      saved: true,
    })
    await lease.release()
    const outcome = await store.saveConnection(createTestRecord(key, 2), { expectedVersion: 1, lease })
    expect(outcome).toEqual({ saved: false, reason: 'lock_lost' })
    expect((await store.getConnection(key))?.version).toBe(1)
  })

  it('lock: a lease-checked save fails with lock_lost once the lease expired and another owner took it', async () => {
    const { store, lock } = getFixture()
    const key = createUniqueKey('lease-save')
    await store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })
    const stale = (await lock.tryAcquire(key, SHORT_LEASE_MS))!
    const current = await acquireAfterExpiry(lock, key)
    const staleOutcome = await store.saveConnection(createTestRecord(key, 2), { expectedVersion: 1, lease: stale })
    expect(staleOutcome).toEqual({ saved: false, reason: 'lock_lost' })
    expect(await store.saveConnection(createTestRecord(key, 2), { expectedVersion: 1, lease: current })).toEqual({
      saved: true,
    })
    await current.release()
  })

  it('lock: waitForChange stays pending while the lock is held and is woken by the release', async () => {
    const { lock } = getFixture()
    const key = createUniqueKey('wait')
    let holder = (await lock.tryAcquire(key, LONG_LEASE_MS))!
    let woken = false
    const waiting = lock.waitForChange(key, LONG_LEASE_MS).then(() => {
      woken = true
    })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(woken).toBe(false)
    // A waiter may subscribe asynchronously (e.g. Redis pub/sub), so a release that races the
    // subscription is allowed to be missed: keep releasing until one wakes it, far before its timeout.
    await waitUntil(
      async () => {
        await holder.release()
        if (woken) return true
        holder = (await lock.tryAcquire(key, LONG_LEASE_MS))!
        return false
      },
      'a release wakes the waiter',
      { timeoutMs: 5_000, intervalMs: 20 },
    )
    await waiting
    expect(woken).toBe(true)
    // Releasing an already released lease is a no-op by contract.
    await holder.release()
  })

  it('lock: waitForChange resolves after its timeout when nothing happens', async () => {
    const { lock } = getFixture()
    const timeoutMs = 150
    const started = Date.now()
    await lock.waitForChange(createUniqueKey('wait'), timeoutMs)
    // Lower bound only, and loose: it must not resolve before anything could have happened.
    expect(Date.now() - started).toBeGreaterThanOrEqual(timeoutMs / 2)
  })
}
