import { AuthorizationCallbackError } from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import { authorizeInBrowser, INSTANCE, setUpMockedClient } from './support/mock-setup'

describe('completeAuthorization', () => {
  it('exchanges the code exactly once when two callbacks with the same state race', async () => {
    const setup = setUpMockedClient()
    const { callbackUrl, binding } = await authorizeInBrowser(setup)
    const peer = setup.createPeer()
    const results = await Promise.allSettled([
      setup.rw.completeAuthorization(callbackUrl, { binding }),
      peer.completeAuthorization(callbackUrl, { binding }),
    ])
    const fulfilled = results.filter((result) => result.status === 'fulfilled')
    const rejected = results.filter((result) => result.status === 'rejected')
    expect(fulfilled).toHaveLength(1)
    expect(rejected).toHaveLength(1)
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'state_unknown' })
    expect(setup.mock.counters.tokenRequests).toBe(1)
    expect(await setup.rw.getConnection(INSTANCE)).toMatchObject({ version: 1, status: 'active' })
  })

  it('rejects a wrong or missing browser binding with a typed error and exchanges nothing', async () => {
    const setup = setUpMockedClient()
    for (const binding of ['someone-elses-binding', null, undefined]) {
      const { callbackUrl } = await authorizeInBrowser(setup)
      const error = await setup.rw.completeAuthorization(callbackUrl, { binding }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(AuthorizationCallbackError)
      expect((error as AuthorizationCallbackError).code).toBe(binding ? 'binding_mismatch' : 'binding_missing')
    }
    expect(setup.mock.counters.tokenRequests).toBe(0)
    expect(await setup.rw.getConnection(INSTANCE)).toBeNull()
  })

  it('connects the instance of the pending record, whatever the query says', async () => {
    const setup = setUpMockedClient()
    const { callbackUrl, binding } = await authorizeInBrowser(setup)
    const tampered = new URL(callbackUrl)
    tampered.searchParams.set('instance', 'coastal-fm')
    tampered.searchParams.set('instanceKey', 'coastal-fm')
    const completed = await setup.rw.completeAuthorization(tampered, { binding })
    expect(completed.instanceKey).toBe(INSTANCE)
    expect(await setup.rw.getConnection('coastal-fm')).toBeNull()
  })

  it('rejects an expired authorization', async () => {
    const setup = setUpMockedClient()
    const { callbackUrl, binding } = await authorizeInBrowser(setup)
    setup.clock.advance(11 * 60_000)
    await expect(setup.rw.completeAuthorization(callbackUrl, { binding })).rejects.toMatchObject({
      code: 'state_unknown',
    })
    expect(setup.mock.counters.tokenRequests).toBe(0)
  })
})
