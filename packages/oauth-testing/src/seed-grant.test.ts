import { describe, expect, it } from 'vitest'
import { refreshTokens, type TokenPair } from '../test/support/mock-client'
import { createMockRadioWorkflow } from './create-mock-radio-workflow'

describe('mock.seedGrant', () => {
  it('registers a grant whose tokens work: the access token on the API, the refresh token once (rotation)', async () => {
    const mock = createMockRadioWorkflow({ accessTokenLifetimeSeconds: 1200 })
    const seeded = mock.seedGrant('coastal-fm', ['basic', 'edit-logs'])
    expect(seeded).toMatchObject({ expiresIn: 1200, scopes: ['basic', 'edit-logs'] })
    const api = await mock.fetch(`${mock.urls.api}/instance`, {
      headers: { authorization: `Bearer ${seeded.accessToken}` },
    })
    expect(api.status).toBe(200)
    expect(await api.json()).toMatchObject({ key: 'coastal-fm' })

    const refreshed = await refreshTokens(mock, seeded.refreshToken)
    expect(refreshed.status).toBe(200)
    const pair = (await refreshed.json()) as TokenPair
    expect(pair.refresh_token).not.toBe(seeded.refreshToken)
    expect(pair.scope).toBe('basic edit-logs')
    // The seeded refresh token rotated: presenting it again revokes the grant, as for a real one.
    expect((await refreshTokens(mock, seeded.refreshToken)).status).toBe(400)
    expect(mock.counters).toMatchObject({ refreshesByInstance: { 'coastal-fm': 1 }, reuseDetected: 1 })
    expect(mock.issued().filter((token) => token.instanceKey === 'coastal-fm')).toHaveLength(4)
  })

  it('defaults to the basic scope and makes no request (no counter moves)', () => {
    const mock = createMockRadioWorkflow()
    expect(mock.seedGrant('desert-broadcasters').scopes).toEqual(['basic'])
    expect(mock.counters).toMatchObject({ authorize: 0, codesIssued: 0, tokenRequests: 0, tokenSuccesses: 0 })
  })

  it('rejects an instance the mock does not offer and scopes it does not know, naming what to fix', () => {
    const mock = createMockRadioWorkflow()
    expect(() => mock.seedGrant('nowhere-fm')).toThrow(/"nowhere-fm" is not one of the mock's instances/)
    expect(() => mock.seedGrant('coastal-fm', [])).toThrow(/scopes must be a non-empty list of basic/)
    expect(() => mock.seedGrant('coastal-fm', ['admin'])).toThrow(TypeError)
    expect(mock.issued()).toHaveLength(0)
  })
})
