import { describe, expect, it } from 'vitest'
import { connectInstance, INSTANCE, setUpMockedClient } from './support/mock-setup'

describe('a token lifetime inside the refresh window (expires_in: 60 under a 5-minute window)', () => {
  // The window is 24–30 s (half the lifetime, 80–100 % by this process's jitter): fresh at 20 s, due at 40 s.
  it('reports the new connection as fresh, and due only in the second half of its lifetime', async () => {
    const setup = setUpMockedClient({}, { accessTokenLifetimeSeconds: 60 })
    const completed = await connectInstance(setup)
    expect(completed.connection.expiry).toBe('fresh')
    setup.clock.advance(20_000)
    expect((await setup.rw.getConnection(INSTANCE))?.expiry).toBe('fresh')
    setup.clock.advance(20_000)
    expect((await setup.rw.getConnection(INSTANCE))?.expiry).toBe('due')
  })
})
