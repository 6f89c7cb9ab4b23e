import { createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import { createMockSetup, MOCK_REDIRECT_URI, type MockRadioWorkflow } from '@rw/oauth-testing'

export interface TestClient {
  readonly rw: RadioWorkflow
  readonly mock: MockRadioWorkflow
}

/** A client talking to an in-process mock. */
export function createTestClient(redirectUri = MOCK_REDIRECT_URI): TestClient {
  const { mock, clientOptions } = createMockSetup({ redirectUris: [redirectUri] })
  return { rw: createRadioWorkflow(clientOptions), mock }
}

/** Connects `instanceKey` through the real authorization-code flow, consenting at the mock automatically. */
export async function connectInstance({ rw, mock }: TestClient, instanceKey: string): Promise<void> {
  mock.setAutoConsent({ instanceKey, scopes: ['basic'] })
  const { url, binding } = await rw.startAuthorization({ instanceKey })
  const consent = await mock.fetch(url)
  await rw.completeAuthorization(consent.headers.get('location') ?? '', { binding })
}
