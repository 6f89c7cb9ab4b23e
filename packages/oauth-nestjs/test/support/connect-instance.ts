import {
  createMockRadioWorkflow,
  MOCK_PARTNER_KEY,
  MOCK_PARTNER_SECRET,
  MOCK_REDIRECT_URI,
  type MockRadioWorkflow,
} from '@rw/oauth-testing'
import type { AdapterUnderTest } from '@rw/oauth-testing/contract'
import { expect } from 'vitest'

/** A strict mock registering `redirectUri`, and the options that point a client at it in-process. */
export function createMockSetup(redirectUri = MOCK_REDIRECT_URI): {
  mock: MockRadioWorkflow
  rwOptions: TestRadioWorkflowOptions
} {
  const mock = createMockRadioWorkflow({
    partners: [{ partnerKey: MOCK_PARTNER_KEY, partnerSecret: MOCK_PARTNER_SECRET, redirectUris: [redirectUri] }],
  })
  const rwOptions = {
    partnerKey: MOCK_PARTNER_KEY,
    partnerSecret: MOCK_PARTNER_SECRET,
    redirectUri,
    endpoints: mock.urls,
    scopes: ['basic'],
    fetch: mock.fetch,
  }
  return { mock, rwOptions }
}

export interface TestRadioWorkflowOptions {
  readonly partnerKey: string
  readonly partnerSecret: string
  readonly redirectUri: string
  readonly endpoints: MockRadioWorkflow['urls']
  readonly scopes: string[]
  readonly fetch: MockRadioWorkflow['fetch']
}

/** Runs login → consent at the mock → callback over HTTP, like a browser; returns the callback response. */
export async function connectInstance(
  app: AdapterUnderTest,
  mock: MockRadioWorkflow,
  { loginPath, instanceKey }: { loginPath: string; instanceKey: string },
  headers: Record<string, string> = {},
): Promise<Response> {
  const login = await app.request(loginPath, { headers })
  expect(login.status).toBe(302)
  mock.setAutoConsent({ instanceKey, scopes: ['basic'] })
  const consent = await mock.fetch(login.headers.get('location') ?? '')
  const callback = new URL(consent.headers.get('location') ?? '')
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  return app.request(`${callback.pathname}${callback.search}`, { headers: { ...headers, cookie } })
}
