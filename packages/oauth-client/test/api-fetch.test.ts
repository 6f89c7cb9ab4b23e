import { describe, expect, it } from 'vitest'
import { connectInstance, INSTANCE, setUpMockedClient } from './support/mock-setup'

describe('rw.fetch', () => {
  it('on a 401 forces one refresh and retries once', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    setup.mock.expireAccessToken(INSTANCE)
    const response = await setup.rw.fetch(INSTANCE, '/instance')
    expect(response.status).toBe(200)
    expect(setup.mock.counters.refreshRequests).toBe(1)
    expect(setup.mock.counters.apiRequests).toBe(2)
  })

  it('returns a second 401 to the caller instead of looping', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const rw = setup.createPeer({
      fetch: async (input, init) => {
        if (String(input).startsWith(setup.mock.urls.api)) setup.mock.expireAccessToken(INSTANCE)
        return setup.mock.fetch(input, init)
      },
    })
    const response = await rw.fetch(INSTANCE, '/instance')
    expect(response.status).toBe(401)
    expect(setup.mock.counters.refreshRequests).toBe(1)
    expect(setup.mock.counters.apiRequests).toBe(2)
  })

  it('does not refresh on 403', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const response = await setup.rw.fetch(INSTANCE, '/logs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'needs edit-logs' }),
    })
    expect(response.status).toBe(403)
    expect(setup.mock.counters.refreshRequests).toBe(0)
    expect(setup.mock.counters.apiRequests).toBe(1)
  })

  it('re-sends a string body on the retry, but never retries a stream body', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const bodies: string[] = []
    const rw = setup.createPeer({
      fetch: async (input, init) => {
        if (String(input).startsWith(setup.mock.urls.api)) {
          bodies.push(typeof init?.body === 'string' ? init.body : 'a stream')
        }
        return setup.mock.fetch(input, init)
      },
    })
    setup.mock.expireAccessToken(INSTANCE)
    await rw.fetch(INSTANCE, '/instance', { method: 'POST', body: 'payload' })
    expect(bodies).toEqual(['payload', 'payload'])

    setup.mock.expireAccessToken(INSTANCE)
    const stream = new Blob(['streamed']).stream()
    const response = await rw.fetch(INSTANCE, '/instance', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(401)
    expect(bodies).toEqual(['payload', 'payload', 'a stream'])
  })

  it('resolves relative paths against endpoints.api and keeps the token on that origin', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const seen: string[] = []
    const rw = setup.createPeer({
      fetch: async (input, init) => {
        seen.push(String(input))
        return setup.mock.fetch(input, init)
      },
    })
    await rw.fetch(INSTANCE, 'instance')
    await rw.fetch(INSTANCE, new URL('/api/v1/instance', setup.mock.baseUrl))
    expect(seen.filter((url) => url.includes('/api/'))).toEqual([
      `${setup.mock.baseUrl}/api/v1/instance`,
      `${setup.mock.baseUrl}/api/v1/instance`,
    ])
    for (const path of [
      'https://evil.example/steal',
      '//evil.example/steal',
      'http://localhost:4011/api/v1/instance',
    ]) {
      await expect(rw.fetch(INSTANCE, path)).rejects.toMatchObject({ code: 'usage_invalid' })
    }
    expect(seen.some((url) => url.includes('evil'))).toBe(false)
  })

  it('names endpoints.api when it is not configured', async () => {
    const setup = setUpMockedClient()
    const rw = setup.createPeer({
      endpoints: {
        token: setup.mock.urls.token,
        refresh: setup.mock.urls.refresh,
        authorize: setup.mock.urls.authorize,
      },
    })
    await expect(rw.fetch(INSTANCE, '/instance')).rejects.toMatchObject({
      code: 'configuration_invalid',
      field: 'endpoints.api',
    })
  })
})
