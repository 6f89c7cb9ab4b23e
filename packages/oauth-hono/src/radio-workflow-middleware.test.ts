import { Hono } from 'hono'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { connectInstance, createTestClient } from '../test/support/connect-instance'
import type { RadioWorkflowEnv, RadioWorkflowRequestContext } from './radio-workflow-env'
import { radioWorkflow } from './radio-workflow-middleware'

describe('radioWorkflow middleware', () => {
  it('types c.var.rw through RadioWorkflowEnv and gives the resolved instance token and fetch', async () => {
    const client = createTestClient()
    await connectInstance(client, 'desert-broadcasters')
    const app = new Hono<RadioWorkflowEnv>()
      .use('/stations/:key/*', radioWorkflow({ rw: client.rw, resolveInstanceKey: (c) => c.req.param('key') }))
      .get('/stations/:key/instance', async (c) => {
        expectTypeOf(c.var.rw).toEqualTypeOf<RadioWorkflowRequestContext>()
        const token = await c.var.rw.getAccessToken()
        const upstream = await c.var.rw.fetch('instance')
        return c.json({
          sameClient: c.var.rw.client === client.rw,
          instanceKey: c.var.rw.instanceKey,
          tokenIsIssued: client.mock.issued().some((issued) => issued.value === token),
          api: await upstream.json(),
        })
      })

    const response = await app.request('/stations/desert-broadcasters/instance')

    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      sameClient: true,
      instanceKey: 'desert-broadcasters',
      tokenIsIssued: true,
      api: expect.objectContaining({ key: 'desert-broadcasters' }),
    })
  })

  it('reads ?instance= by default and awaits an async resolver', async () => {
    const { rw } = createTestClient()
    const seen = new Hono<RadioWorkflowEnv>()
      .use(radioWorkflow({ rw }))
      .get('/', (c) => c.text(String(c.var.rw.instanceKey)))
    expect(await (await seen.request('/?instance=coastal-fm')).text()).toBe('coastal-fm')
    expect(await (await seen.request('/?instance=')).text()).toBe('null')

    const fromSession = new Hono<RadioWorkflowEnv>()
      .use(radioWorkflow({ rw, resolveInstanceKey: async (c) => c.req.header('x-session-instance') }))
      .get('/', (c) => c.text(String(c.var.rw.instanceKey)))
    expect(
      await (await fromSession.request('/?instance=ignored', { headers: { 'x-session-instance': 'mine' } })).text(),
    ).toBe('mine')
  })

  it('throws a UsageError naming the resolver when the request has no instance', async () => {
    const { rw } = createTestClient()
    const app = new Hono<RadioWorkflowEnv>()
      .use(radioWorkflow({ rw }))
      .get('/', async (c) => c.text(await c.var.rw.getAccessToken()))
      .onError((error, c) => c.json({ name: error.name, message: error.message }, 500))

    const body = await (await app.request('/')).json()

    expect(body).toEqual({ name: 'UsageError', message: expect.stringContaining('resolveInstanceKey') })
  })

  it('validates its options once, when the factory runs', () => {
    const { rw } = createTestClient()
    expect(() => radioWorkflow({ rw: {} as never })).toThrow(
      expect.objectContaining({ code: 'configuration_invalid', field: 'rw' }),
    )
    expect(() => radioWorkflow({ rw, resolveInstanceKey: 'instance' as never })).toThrow(
      expect.objectContaining({ field: 'resolveInstanceKey' }),
    )
  })

  it('returns a named middleware so it shows in stack traces', () => {
    expect(radioWorkflow({ rw: createTestClient().rw }).name).toBe('radioWorkflowMiddleware')
  })
})
