import { createRadioWorkflow } from '@rw/oauth-client'
import { describeAdapterContract } from '@rw/oauth-testing/contract'
import { createStandardApp } from './support/create-standard-app'

describeAdapterContract('hono', async ({ rwOptions }) => {
  const app = createStandardApp(createRadioWorkflow(rwOptions))
  return { request: async (path, init) => app.request(path, init) }
})
