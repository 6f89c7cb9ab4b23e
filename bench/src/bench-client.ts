import { type CreateRadioWorkflowOptions, createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import { MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET, MOCK_REDIRECT_URI } from '@rw/oauth-testing'
import { silentLogger } from './bench-setup'

/** A client of the mock's partner (scopes `basic`, silent logger) on `store`; `options` add or override. */
export function createBenchRadioWorkflow(
  options: Pick<CreateRadioWorkflowOptions, 'store' | 'endpoints'> & Partial<CreateRadioWorkflowOptions>,
): RadioWorkflow {
  return createRadioWorkflow({
    partnerKey: MOCK_PARTNER_KEY,
    partnerSecret: MOCK_PARTNER_SECRET,
    redirectUri: MOCK_REDIRECT_URI,
    scopes: ['basic'],
    logger: silentLogger,
    ...options,
  })
}
