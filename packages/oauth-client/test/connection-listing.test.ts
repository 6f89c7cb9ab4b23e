import { createTestRecord } from '@rw/oauth-testing/contract'
import { describe, expect, it } from 'vitest'
import { createMemoryTokenStore } from '../src/memory-token-store'
import { connectInstance, HOUR_MS, setUpMockedClient } from './support/mock-setup'

describe('rw.listConnections and rw.countConnections', () => {
  it('list connections made through the flow with their expiry class, and count them by status', async () => {
    const setup = setUpMockedClient()
    for (const instanceKey of ['desert-broadcasters', 'coastal-fm']) {
      setup.mock.setAutoConsent({ instanceKey, scopes: ['basic'] })
      await connectInstance(setup, instanceKey)
    }
    const fresh = await setup.rw.listConnections()
    expect(fresh.cursor).toBeNull()
    expect(fresh.connections.map(({ instanceKey, status, expiry }) => ({ instanceKey, status, expiry }))).toEqual([
      { instanceKey: 'coastal-fm', status: 'active', expiry: 'fresh' },
      { instanceKey: 'desert-broadcasters', status: 'active', expiry: 'fresh' },
    ])
    expect(fresh.connections[0]).toEqual(await setup.rw.getConnection('coastal-fm'))
    expect(JSON.stringify(fresh)).not.toMatch(/rwat_|rwrt_/)

    setup.clock.advance(HOUR_MS)
    const expiring = await setup.rw.listConnections({ expiresBefore: setup.clock.now() + 1, limit: 1 })
    expect(expiring.connections).toEqual([expect.objectContaining({ instanceKey: 'coastal-fm', expiry: 'expired' })])
    const next = await setup.rw.listConnections({ expiresBefore: setup.clock.now() + 1, cursor: expiring.cursor })
    expect(next.connections).toEqual([expect.objectContaining({ instanceKey: 'desert-broadcasters' })])

    await setup.rw.disconnect('coastal-fm')
    expect(await setup.rw.countConnections()).toEqual({
      active: 1,
      refresh_outcome_unknown: 0,
      reauthorization_required: 0,
    })
  })

  it('reject with a usage_invalid error naming the fix when the store has no registry', async () => {
    const { listConnections: _list, countConnections: _count, ...storeWithoutRegistry } = createMemoryTokenStore()
    const setup = setUpMockedClient({ store: storeWithoutRegistry })
    await storeWithoutRegistry.saveConnection(createTestRecord('coastal-fm', 1), { expectedVersion: null })
    for (const call of [() => setup.rw.listConnections(), () => setup.rw.countConnections()]) {
      await expect(call()).rejects.toMatchObject({
        code: 'usage_invalid',
        message: expect.stringContaining('connection registry'),
      })
    }
  })

  it('reject a bad query with a usage_invalid error', async () => {
    const setup = setUpMockedClient()
    await expect(setup.rw.listConnections({ limit: 0 })).rejects.toMatchObject({ code: 'usage_invalid' })
  })
})
