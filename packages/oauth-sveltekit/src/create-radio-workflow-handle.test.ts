import { createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import { ConfigurationError, UsageError } from '@rw/oauth-core'
import { consentAtMock, createMockSetup, type MockClientOptions, type MockRadioWorkflow } from '@rw/oauth-testing'
import type { Handle, RequestEvent } from '@sveltejs/kit'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createRadioWorkflowHandle } from './create-radio-workflow-handle'
import type { RadioWorkflowLocals } from './radio-workflow-locals'

const ORIGIN = 'http://localhost:3002'
const INSTANCE = 'desert-broadcasters'

let mock: MockRadioWorkflow
let clientOptions: MockClientOptions
let rw: RadioWorkflow

beforeEach(() => {
  const setup = createMockSetup({ redirectUris: [`${ORIGIN}/auth/rw/callback`, `${ORIGIN}/oauth/callback`] })
  mock = setup.mock
  clientOptions = setup.clientOptions
  rw = createRadioWorkflow(clientOptions)
})

/** A hand-built RequestEvent with just what the handle reads: url, request, locals. */
function createEvent(url: string, init: RequestInit = {}): RequestEvent & { locals: { rw?: RadioWorkflowLocals } } {
  return { url: new URL(url), request: new Request(url, init), locals: {} } as unknown as RequestEvent & {
    locals: { rw?: RadioWorkflowLocals }
  }
}

async function runHandle(handle: Handle, event: RequestEvent) {
  const resolve = vi.fn(async () => new Response('from the app'))
  const response = await handle({ event, resolve })
  return { response, resolve }
}

async function connect(handle: Handle, origin = ORIGIN): Promise<Response> {
  const login = await runHandle(handle, createEvent(`${origin}/auth/rw/login?instance=${INSTANCE}&returnTo=/done`))
  const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const authorizeUrl = login.response.headers.get('location') ?? ''
  const callback = await consentAtMock(mock, authorizeUrl, { instanceKey: INSTANCE, scopes: ['basic'] })
  const event = createEvent(`${origin}${callback.pathname}${callback.search}`, { headers: { cookie } })
  return (await runHandle(handle, event)).response
}

describe('createRadioWorkflowHandle options', () => {
  it.each([
    ['a prefix without a leading slash', { prefix: 'auth/rw' }, /prefix must start with "\/"/],
    ['a prefix with a trailing slash', { prefix: '/auth/rw/' }, /not end with "\/"/],
    [
      'a prefix that does not match the redirect URI',
      { prefix: '/oauth' },
      /mounted at \/oauth\/callback but the redirect URI's path is \/auth\/rw\/callback/,
    ],
  ])('refuses %s at start-up', (_, options, message) => {
    const create = () => createRadioWorkflowHandle({ rw, ...options })
    expect(create).toThrow(ConfigurationError)
    expect(create).toThrow(message)
  })

  it('refuses a missing client', () => {
    expect(() => createRadioWorkflowHandle({ rw: undefined as unknown as RadioWorkflow })).toThrow(
      /createRadioWorkflowHandle: pass { rw: createRadioWorkflow/,
    )
  })

  it('serves the routes under a custom prefix matching the redirect URI', async () => {
    const handle = createRadioWorkflowHandle({
      rw: createRadioWorkflow({ ...clientOptions, redirectUri: `${ORIGIN}/oauth/callback` }),
      prefix: '/oauth',
    })
    const { response, resolve } = await runHandle(handle, createEvent(`${ORIGIN}/oauth/login?instance=${INSTANCE}`))
    expect(response.status).toBe(302)
    expect(resolve).not.toHaveBeenCalled()
    expect((await runHandle(handle, createEvent(`${ORIGIN}/auth/rw/login?instance=x`))).resolve).toHaveBeenCalledOnce()
  })
})

describe('createRadioWorkflowHandle requests', () => {
  it('passes other requests to resolve with locals.rw set, and is a named function', async () => {
    const handle = createRadioWorkflowHandle({ rw })
    expect(handle.name).toBe('radioWorkflowHandle')
    const event = createEvent(`${ORIGIN}/dashboard`)
    const { response, resolve } = await runHandle(handle, event)
    expect(await response.text()).toBe('from the app')
    expect(resolve).toHaveBeenCalledWith(event)
    expect(event.locals.rw?.client).toBe(rw)
  })

  it('answers 405 to a non-GET request on its routes', async () => {
    const handle = createRadioWorkflowHandle({ rw })
    const { response } = await runHandle(handle, createEvent(`${ORIGIN}/auth/rw/login?instance=x`, { method: 'POST' }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
  })

  it('answers a login without an instance with a 400 page and no cookie', async () => {
    const handle = createRadioWorkflowHandle({ rw })
    const { response } = await runHandle(handle, createEvent(`${ORIGIN}/auth/rw/login`))
    expect(response.status).toBe(400)
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(await response.text()).toContain('Choose the instance to connect')
  })

  it('takes the login instance from resolveInstanceKey, and completes a callback on the configured origin whatever the request host', async () => {
    const resolveInstanceKey = vi.fn(() => INSTANCE)
    const handle = createRadioWorkflowHandle({ rw, resolveInstanceKey })
    const login = await runHandle(handle, createEvent(`${ORIGIN}/auth/rw/login?instance=someone-else`))
    expect(login.response.status).toBe(302)
    const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const authorizeUrl = login.response.headers.get('location') ?? ''
    const callback = await consentAtMock(mock, authorizeUrl, { instanceKey: INSTANCE, scopes: ['basic'] })
    const spoofed = createEvent(`https://evil.example${callback.pathname}${callback.search}`, { headers: { cookie } })
    const response = (await runHandle(handle, spoofed)).response
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/')
    expect(resolveInstanceKey).toHaveBeenCalledTimes(1)
    expect(await rw.getConnection(INSTANCE)).toMatchObject({ instanceKey: INSTANCE, status: 'active' })
  })

  it('answers HEAD on the callback with 405 and consumes nothing', async () => {
    const handle = createRadioWorkflowHandle({ rw })
    const login = await runHandle(handle, createEvent(`${ORIGIN}/auth/rw/login?instance=${INSTANCE}`))
    const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const callback = await consentAtMock(mock, login.response.headers.get('location') ?? '', {
      instanceKey: INSTANCE,
      scopes: ['basic'],
    })
    const url = `${ORIGIN}${callback.pathname}${callback.search}`
    const head = await runHandle(handle, createEvent(url, { method: 'HEAD', headers: { cookie } }))
    expect(head.response.status).toBe(405)
    expect(mock.counters.tokenRequests).toBe(0)
    expect((await runHandle(handle, createEvent(url, { headers: { cookie } }))).response.status).toBe(302)
  })

  it('shows a generic 500 page for unexpected errors without their message', async () => {
    const logged: string[] = []
    const handle = createRadioWorkflowHandle({
      rw,
      logger: { debug() {}, warn() {}, error: (message) => void logged.push(message) },
      resolveInstanceKey: () => {
        throw new Error('session store password=hunter2 unreachable')
      },
    })
    const { response } = await runHandle(handle, createEvent(`${ORIGIN}/auth/rw/login`))
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('hunter2')
    expect(logged).toHaveLength(1)
  })
})

describe('locals.rw', () => {
  it('gives the current instance a token and an authenticated fetch, resolving the instance once per request', async () => {
    const resolveInstanceKey = vi.fn((event: RequestEvent) => event.url.searchParams.get('instance'))
    const handle = createRadioWorkflowHandle({ rw, resolveInstanceKey })
    expect((await connect(handle)).status).toBe(302)
    resolveInstanceKey.mockClear()
    const event = createEvent(`${ORIGIN}/page?instance=${INSTANCE}`)
    await runHandle(handle, event)
    const locals = event.locals.rw as RadioWorkflowLocals
    expect(await locals.getInstanceKey()).toBe(INSTANCE)
    expect(await locals.getAccessToken()).toBe(await rw.getAccessToken(INSTANCE))
    const api = await locals.fetch('/instance')
    expect(await api.json()).toMatchObject({ key: INSTANCE })
    expect(resolveInstanceKey).toHaveBeenCalledTimes(1)
  })

  it('refuses token access when the request names no instance', async () => {
    const handle = createRadioWorkflowHandle({ rw })
    const event = createEvent(`${ORIGIN}/page`)
    await runHandle(handle, event)
    const locals = event.locals.rw as RadioWorkflowLocals
    expect(await locals.getInstanceKey()).toBeNull()
    await expect(locals.getAccessToken()).rejects.toThrow(UsageError)
    await expect(locals.fetch('/instance')).rejects.toThrow(/names no Radio Workflow instance/)
    await expect(locals.getConnection()).rejects.toThrow(UsageError)
  })
})

describe('GET <prefix>/health', () => {
  it('answers rw.health() only when the health option is on', async () => {
    const off = await runHandle(createRadioWorkflowHandle({ rw }), createEvent(`${ORIGIN}/auth/rw/health`))
    expect(off.resolve).toHaveBeenCalled()

    const on = await runHandle(createRadioWorkflowHandle({ rw, health: true }), createEvent(`${ORIGIN}/auth/rw/health`))
    expect(on.resolve).not.toHaveBeenCalled()
    expect(on.response.status).toBe(200)
    expect(on.response.headers.get('cache-control')).toBe('no-store')
    expect(await on.response.json()).toMatchObject({ store: { reachable: true } })
  })
})
