import { type CreateRadioWorkflowOptions, createRadioWorkflow } from '@rw/oauth-client'
import type { AdapterUnderTest } from '@rw/oauth-testing/contract'
import { createExampleNestApp, type ExampleNestAppOptions } from '../../src/create-example-nest-app'

/** The example app on 127.0.0.1 port 0, requested over real HTTP without following redirects. */
export async function listenExample(
  rwOptions: CreateRadioWorkflowOptions,
  options: Omit<ExampleNestAppOptions, 'rw'> = {},
): Promise<AdapterUnderTest & { close(): Promise<void> }> {
  const app = await createExampleNestApp({ rw: createRadioWorkflow(rwOptions), logger: false, ...options })
  await app.listen(0, '127.0.0.1')
  const url = await app.getUrl()
  return {
    request: (path, init = {}) => fetch(new URL(path, url), { ...init, redirect: 'manual' }),
    close: () => app.close(),
  }
}
