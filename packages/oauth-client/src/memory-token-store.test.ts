import type { ConnectionRecord, PendingAuthorization } from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import { createMemoryTokenStore } from './memory-token-store'

function makeRecord(version: number, accessToken = `access-${version}`): ConnectionRecord {
  return {
    instanceKey: 'desert-broadcasters',
    version,
    status: 'active',
    accessToken,
    refreshToken: `refresh-${version}`,
    tokenType: 'Bearer',
    scopes: ['basic'],
    expiresAt: 10_000_000,
    obtainedAt: 1_000,
    lastRefreshAt: null,
  }
}

function makePending(stateId: string, expiresAt: number): PendingAuthorization {
  return {
    stateId,
    state: `state-${stateId}`,
    bindingHash: 'hash',
    codeVerifier: 'verifier',
    instanceKey: 'desert-broadcasters',
    scopes: ['basic'],
    returnTo: '/',
    redirectUri: 'http://localhost:3000/auth/rw/callback',
    createdAt: 0,
    expiresAt,
  }
}

describe('createMemoryTokenStore', () => {
  it('writes compare-and-set on the version', async () => {
    const store = createMemoryTokenStore()
    expect(await store.saveConnection(makeRecord(1), { expectedVersion: null })).toEqual({ saved: true })
    expect(await store.saveConnection(makeRecord(1), { expectedVersion: null })).toEqual({
      saved: false,
      reason: 'version_conflict',
    })
    expect(await store.saveConnection(makeRecord(2), { expectedVersion: 1 })).toEqual({ saved: true })
    expect(await store.saveConnection(makeRecord(2, 'stale'), { expectedVersion: 1 })).toEqual({
      saved: false,
      reason: 'version_conflict',
    })
    expect((await store.getConnection('desert-broadcasters'))?.accessToken).toBe('access-2')
    await expect(store.saveConnection(makeRecord(5), { expectedVersion: 1 })).rejects.toMatchObject({
      code: 'usage_invalid',
    })
  })

  it('hands out copies that cannot change stored state', async () => {
    const store = createMemoryTokenStore()
    const record = { ...makeRecord(1), scopes: ['basic'] }
    await store.saveConnection(record, { expectedVersion: null })
    record.scopes.push('edit-logs')
    const read = await store.getConnection('desert-broadcasters')
    expect(read?.scopes).toEqual(['basic'])
    expect(() => (read!.scopes as string[]).push('dubbed')).toThrow()
    expect((await store.getConnection('desert-broadcasters'))?.scopes).toEqual(['basic'])
  })

  it('refuses saves under a lease that expired or was taken over', async () => {
    let clock = 0
    const store = createMemoryTokenStore({ now: () => clock })
    await store.saveConnection(makeRecord(1), { expectedVersion: null })
    const lease = await store.tryAcquire('desert-broadcasters', 100)
    expect(lease).not.toBeNull()
    expect(await store.tryAcquire('desert-broadcasters', 100)).toBeNull()
    clock = 150
    const usurper = await store.tryAcquire('desert-broadcasters', 100)
    expect(usurper).not.toBeNull()
    expect(await lease!.extend(100)).toBe(false)
    expect(await store.saveConnection(makeRecord(2), { expectedVersion: 1, lease: lease! })).toEqual({
      saved: false,
      reason: 'lock_lost',
    })
    await lease!.release()
    expect(await store.tryAcquire('desert-broadcasters', 100)).toBeNull()
    expect(await store.saveConnection(makeRecord(2), { expectedVersion: 1, lease: usurper! })).toEqual({ saved: true })
  })

  it('consumes a pending authorization exactly once and never after it expires', async () => {
    let clock = 0
    const store = createMemoryTokenStore({ now: () => clock })
    await store.savePendingAuthorization(makePending('a', 1_000))
    await store.savePendingAuthorization(makePending('b', 1_000))
    const results = await Promise.all([store.consumePendingAuthorization('a'), store.consumePendingAuthorization('a')])
    expect(results.filter((result) => result !== null)).toHaveLength(1)
    expect(results.find((result) => result !== null)?.state).toBe('state-a')
    clock = 1_000
    expect(await store.consumePendingAuthorization('b')).toBeNull()
    expect(await store.consumePendingAuthorization('unknown')).toBeNull()
  })

  it('expires pending authorizations in amortised O(1) per save: no scan of every outstanding one', async () => {
    let clockReads = 0
    const store = createMemoryTokenStore({
      now: () => {
        clockReads++
        return 0
      },
    })
    for (let index = 0; index < 2_000; index++) await store.savePendingAuthorization(makePending(`s${index}`, 600_000))
    // The scan this replaces read the clock once per outstanding pending on every save (~2 million reads here).
    expect(clockReads).toBeLessThanOrEqual(2 * 2_000)
  })

  it('caps outstanding pending authorizations with a clear error, and admits again once they expire', async () => {
    let clock = 0
    const store = createMemoryTokenStore({ now: () => clock, maxPendingAuthorizations: 3 })
    for (const stateId of ['a', 'b', 'c']) await store.savePendingAuthorization(makePending(stateId, 1_000))
    await expect(store.savePendingAuthorization(makePending('d', 1_000))).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining('maxPendingAuthorizations'),
    })
    await store.consumePendingAuthorization('a')
    await store.savePendingAuthorization(makePending('d', 1_000))
    clock = 1_000
    for (const stateId of ['e', 'f', 'g']) await store.savePendingAuthorization(makePending(stateId, 2_000))
    expect(() => createMemoryTokenStore({ maxPendingAuthorizations: 0 })).toThrow(
      expect.objectContaining({ field: 'maxPendingAuthorizations' }),
    )
  })

  it('keeps a deleted record deleted: an older compare-and-set cannot resurrect it', async () => {
    const store = createMemoryTokenStore()
    await store.saveConnection(makeRecord(1), { expectedVersion: null })
    await store.saveConnection(makeRecord(2), { expectedVersion: 1 })
    expect(await store.deleteConnection('desert-broadcasters', { expectedVersion: 1 })).toBe(false)
    expect(await store.deleteConnection('desert-broadcasters', { expectedVersion: 2 })).toBe(true)
    expect(await store.saveConnection(makeRecord(3), { expectedVersion: 2 })).toEqual({
      saved: false,
      reason: 'version_conflict',
    })
    expect(await store.getConnection('desert-broadcasters')).toBeNull()
  })

  it('wakes waiters on release and on save, and lets them time out otherwise', async () => {
    const store = createMemoryTokenStore()
    const lease = await store.tryAcquire('desert-broadcasters', 60_000)
    const onRelease = store.waitForChange('desert-broadcasters', 60_000)
    await lease!.release()
    await onRelease
    const onSave = store.waitForChange('desert-broadcasters', 60_000)
    await store.saveConnection(makeRecord(1), { expectedVersion: null })
    await onSave
    let settled = false
    const timedOut = store.waitForChange('coastal-fm', 5).then(() => {
      settled = true
    })
    await timedOut
    expect(settled).toBe(true)
    const controller = new AbortController()
    const aborted = store.waitForChange('coastal-fm', 60_000, controller.signal)
    controller.abort()
    await aborted
  })

  it('keeps stored records safe from callers mutating what they saved or read', async () => {
    const store = createMemoryTokenStore()
    const saved = { ...makeRecord(1), scopes: ['basic'] }
    await store.saveConnection(saved, { expectedVersion: null })
    saved.scopes.push('edit-logs')
    Object.assign(saved, { accessToken: 'changed-after-save' })
    const read = (await store.getConnection('desert-broadcasters'))!
    expect(read.accessToken).toBe('access-1')
    expect(read.scopes).toEqual(['basic'])
    expect(Object.isFrozen(read)).toBe(true)
    expect(Object.isFrozen(read.scopes)).toBe(true)
    expect(() => Object.assign(read, { accessToken: 'x' })).toThrow(TypeError)
    expect((await store.getConnection('desert-broadcasters'))!.accessToken).toBe('access-1')
    expect(JSON.stringify(read)).not.toContain('access-1')
  })

  it('rejects a record it could not read back, like a shared store would', async () => {
    const store = createMemoryTokenStore()
    const broken = { ...makeRecord(1), expiresAt: Number.NaN }
    await expect(store.saveConnection(broken, { expectedVersion: null })).rejects.toMatchObject({
      code: 'store_corrupted',
    })
    expect(await store.getConnection('desert-broadcasters')).toBeNull()
  })

  it('does not print the lease owner token', async () => {
    const store = createMemoryTokenStore()
    const lease = await store.tryAcquire('desert-broadcasters', 1_000)
    expect(JSON.stringify(lease)).not.toContain(lease!.owner)
  })
})
