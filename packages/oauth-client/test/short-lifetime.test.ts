import { describe, expect, it } from 'vitest'
import { connectInstance, INSTANCE, setUpMockedClient } from './support/mock-setup'

describe('a token lifetime inside the refresh window', () => {
  it.each([10, 60, 300, 3600])(
    'a %i s token is refreshed about once per lifetime, not on every call',
    async (seconds) => {
      const setup = setUpMockedClient({}, { accessTokenLifetimeSeconds: seconds })
      await connectInstance(setup)
      // Ten calls spread over the first 40 % of the lifetime: still fresh, no refresh.
      for (let call = 0; call < 10; call++) {
        await setup.rw.getAccessToken(INSTANCE)
        setup.clock.advance(seconds * 40)
      }
      expect(setup.mock.counters.refreshRequests).toBe(0)
      // Past the lifetime: one refresh, then fresh again.
      setup.clock.advance(seconds * 1000)
      await setup.rw.getAccessToken(INSTANCE)
      await setup.rw.getAccessToken(INSTANCE)
      expect(setup.mock.counters.refreshRequests).toBe(1)
    },
  )
})
