import { createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import { consentAtMock, createMockSetup, MOCK_REDIRECT_URI, type MockRadioWorkflow } from '@rw/oauth-testing'

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
  const { url, binding } = await rw.startAuthorization({ instanceKey })
  const callbackUrl = await consentAtMock(mock, url, { instanceKey, scopes: ['basic'] })
  await rw.completeAuthorization(callbackUrl.href, { binding })
}
