import { describe, expect, it } from 'vitest'
import { connectInstance } from '../test/support/mock-client'
import { createMockRadioWorkflow, type MockRadioWorkflow } from './create-mock-radio-workflow'

function api(mock: MockRadioWorkflow, path: string, accessToken: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  if (accessToken !== null) headers.set('authorization', `Bearer ${accessToken}`)
  return mock.fetch(`${mock.urls.api}${path}`, { ...init, headers })
}

describe('/api/v1', () => {
  it('shows a token its own instance only', async () => {
    const mock = createMockRadioWorkflow()
    const desert = await connectInstance(mock, { instanceKey: 'desert-broadcasters', scopes: ['basic'] })
    const coastal = await connectInstance(mock, { instanceKey: 'coastal-fm', scopes: ['basic', 'edit-logs'] })
    expect(await (await api(mock, '/instance', desert.access_token)).json()).toEqual({
      key: 'desert-broadcasters',
      name: 'Desert Broadcasters',
      scopes: ['basic'],
    })
    const created = await api(mock, '/logs', coastal.access_token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Coastal Special' }),
    })
    expect(created.status).toBe(201)
    const coastalLogs = (await (await api(mock, '/logs', coastal.access_token)).json()) as { logs: { title: string }[] }
    const desertLogs = (await (await api(mock, '/logs', desert.access_token)).json()) as {
      logs: { id: string; title: string }[]
    }
    expect(coastalLogs.logs.map((log) => log.title)).toContain('Coastal Special')
    expect(desertLogs.logs.map((log) => log.title)).not.toContain('Coastal Special')
    expect(desertLogs.logs.every((log) => log.id.startsWith('desert-broadcasters-'))).toBe(true)
  })

  it('answers 403 insufficient_scope naming the missing scope', async () => {
    const mock = createMockRadioWorkflow()
    const pair = await connectInstance(mock, { scopes: ['basic'] })
    const response = await api(mock, '/logs', pair.access_token, { method: 'POST', body: '{"title":"x"}' })
    expect(response.status).toBe(403)
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="insufficient_scope", scope="edit-logs"/)
    const readOnly = await connectInstance(mock, { scopes: ['edit-settings'] })
    const logs = await api(mock, '/logs', readOnly.access_token)
    expect(logs.status).toBe(403)
    expect(logs.headers.get('www-authenticate')).toContain('scope="basic"')
  })

  it('answers 401 invalid_token for unknown, expired and revoked tokens, and 401 without error for none', async () => {
    const mock = createMockRadioWorkflow()
    const pair = await connectInstance(mock)
    const expectInvalidToken = async (response: Response) => {
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/)
    }
    await expectInvalidToken(await api(mock, '/instance', 'rwat_unknown'))
    const none = await api(mock, '/instance', null)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm=/)
    expect(none.headers.get('www-authenticate')).not.toContain('error=')
    mock.expireAccessToken('desert-broadcasters')
    await expectInvalidToken(await api(mock, '/instance', pair.access_token))
    const renewed = await connectInstance(mock)
    mock.revokeGrant('desert-broadcasters')
    await expectInvalidToken(await api(mock, '/instance', renewed.access_token))
    expect(mock.counters).toMatchObject({ apiRequests: 4, apiRejected: 4 })
  })

  it('validates the log body', async () => {
    const mock = createMockRadioWorkflow()
    const pair = await connectInstance(mock, { scopes: ['edit-logs'] })
    const response = await api(mock, '/logs', pair.access_token, { method: 'POST', body: '{}' })
    expect(response.status).toBe(400)
  })
})
