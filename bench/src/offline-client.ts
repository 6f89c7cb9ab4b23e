import { createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import type { TokenStore } from '@rw/oauth-core'
import { MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET, MOCK_REDIRECT_URI } from '@rw/oauth-testing'

const silentLogger = { debug: () => {}, warn: () => {}, error: () => {} }

/** A client for fresh tokens only: its token endpoints point at a closed loopback port (it never refreshes). */
export function createOfflineClient(store: TokenStore): RadioWorkflow {
  return createRadioWorkflow({
    partnerKey: MOCK_PARTNER_KEY,
    partnerSecret: MOCK_PARTNER_SECRET,
    redirectUri: MOCK_REDIRECT_URI,
    endpoints: { token: 'http://127.0.0.1:9/token', refresh: 'http://127.0.0.1:9/refresh' },
    store,
    logger: silentLogger,
  })
}
