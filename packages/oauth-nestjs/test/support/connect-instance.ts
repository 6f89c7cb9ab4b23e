import { consentAtMock, type MockRadioWorkflow } from '@rw/oauth-testing'
import type { AdapterUnderTest } from '@rw/oauth-testing/contract'
import { expect } from 'vitest'

/** Runs login → consent at the mock → callback over HTTP, like a browser; returns the callback response. */
export async function connectInstance(
  app: AdapterUnderTest,
  mock: MockRadioWorkflow,
  { loginPath, instanceKey }: { loginPath: string; instanceKey: string },
  headers: Record<string, string> = {},
): Promise<Response> {
  const login = await app.request(loginPath, { headers })
  expect(login.status).toBe(302)
  const callback = await consentAtMock(mock, login.headers.get('location') ?? '', { instanceKey, scopes: ['basic'] })
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  return app.request(`${callback.pathname}${callback.search}`, { headers: { ...headers, cookie } })
}
