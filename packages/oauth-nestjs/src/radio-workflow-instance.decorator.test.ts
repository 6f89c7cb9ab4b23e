import 'reflect-metadata'
import { Test } from '@nestjs/testing'
import { createRadioWorkflow } from '@rw/oauth-client'
import { NotConnectedError, UsageError } from '@rw/oauth-core'
import { createMockRadioWorkflow, MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET, MOCK_REDIRECT_URI } from '@rw/oauth-testing'
import { describe, expect, it } from 'vitest'
import { RadioWorkflowModule } from './radio-workflow.module'
import { RadioWorkflowInstancePipe } from './radio-workflow-instance.decorator'
import type { RadioWorkflowModuleOptions } from './radio-workflow-module-options'

async function compilePipe(options: Partial<RadioWorkflowModuleOptions> = {}): Promise<RadioWorkflowInstancePipe> {
  const mock = createMockRadioWorkflow()
  const rw = createRadioWorkflow({
    partnerKey: MOCK_PARTNER_KEY,
    partnerSecret: MOCK_PARTNER_SECRET,
    redirectUri: MOCK_REDIRECT_URI,
    endpoints: mock.urls,
    fetch: mock.fetch,
  })
  const moduleRef = await Test.createTestingModule({
    imports: [RadioWorkflowModule.forRoot({ rw, ...options, routes: false })],
  }).compile()
  return moduleRef.get(RadioWorkflowInstancePipe)
}

describe('RadioWorkflowInstancePipe', () => {
  it('turns the request into a handle for the instance in ?instance=', async () => {
    const pipe = await compilePipe()
    const handle = await pipe.transform({ url: '/x?instance=coastal-fm', headers: {} })
    expect(handle.instanceKey).toBe('coastal-fm')
    expect(await handle.getConnection()).toBeNull()
    await expect(handle.getAccessToken()).rejects.toBeInstanceOf(NotConnectedError)
    await expect(handle.fetch('instance')).rejects.toMatchObject({ code: 'not_connected', instanceKey: 'coastal-fm' })
  })

  it('asks the configured resolver, which may be async', async () => {
    const pipe = await compilePipe({ resolveInstanceKey: async (request) => String(request.headers['x-tenant']) })
    const handle = await pipe.transform({ url: '/x?instance=ignored', headers: { 'x-tenant': 'mountain-radio' } })
    expect(handle.instanceKey).toBe('mountain-radio')
  })

  it('refuses an empty key from the resolver', async () => {
    const pipe = await compilePipe({ resolveInstanceKey: () => '' })
    await expect(pipe.transform({ headers: {} })).rejects.toBeInstanceOf(UsageError)
  })
})
