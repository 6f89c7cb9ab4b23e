import { createRadioWorkflow } from '@rw/oauth-client'
import { describeAdapterContract } from '@rw/oauth-testing/contract'
import { createDemoApp } from '../src/create-demo-app'

describeAdapterContract('demo', async ({ rwOptions }) => {
  const app = createDemoApp({
    rw: createRadioWorkflow(rwOptions),
    origin: new URL(rwOptions.redirectUri).origin,
    now: rwOptions.now,
  })
  return { request: async (path, init) => app.request(path, init) }
})
