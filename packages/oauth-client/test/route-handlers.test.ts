import { describe, expect, it } from 'vitest'
import { handleCallbackFailure, handleCallbackRequest } from '../src/callback-route'
import { serializeCookie } from '../src/cookie-header'
import { handleLoginRequest } from '../src/login-route'
import { INSTANCE, setUpMockedClient } from './support/mock-setup'

describe('framework-neutral login and callback handlers', () => {
  it('login sets the binding cookie and the callback reads it, connects and clears it', async () => {
    const setup = setUpMockedClient()
    setup.mock.setAutoConsent({ instanceKey: INSTANCE, scopes: ['basic'] })
    const login = await handleLoginRequest(setup.rw, { instanceKey: INSTANCE, returnTo: '/after' })
    expect(login.setCookie).toMatchObject({
      name: 'rw-oauth-binding',
      attributes: { httpOnly: true, secure: false, sameSite: 'lax', path: '/', maxAge: 600 },
    })
    const authorize = await setup.mock.fetch(login.redirectTo, { redirect: 'manual' })
    const callbackUrl = authorize.headers.get('location') as string

    const cookieHeader = `other=1; ${login.setCookie.name}=${login.setCookie.value}`
    const result = await handleCallbackRequest(setup.rw, { url: callbackUrl, cookieHeader })
    expect(result).toMatchObject({ redirectTo: '/after', instanceKey: INSTANCE })
    expect(serializeCookie(result.clearCookie)).toBe('rw-oauth-binding=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax')
    expect(await setup.rw.getConnection(INSTANCE)).toMatchObject({ status: 'active' })
  })

  it('a callback without the cookie fails typed, and the failure answer clears the cookie', async () => {
    const setup = setUpMockedClient()
    setup.mock.setAutoConsent({ instanceKey: INSTANCE, scopes: ['basic'] })
    const login = await handleLoginRequest(setup.rw, { instanceKey: INSTANCE })
    const authorize = await setup.mock.fetch(login.redirectTo, { redirect: 'manual' })
    const error = await handleCallbackRequest(setup.rw, {
      url: authorize.headers.get('location') as string,
      cookieHeader: null,
    }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'binding_missing' })

    const failure = handleCallbackFailure(setup.rw, error, { reconnectUrl: `/auth/rw/login?instance=${INSTANCE}` })
    expect(failure.status).toBe(400)
    expect(failure.clearCookie.attributes.maxAge).toBe(0)
    expect(failure.html).toContain('Connect again')
    expect(failure.html).not.toContain(login.setCookie.value)
  })

  it('a denied consent maps to a 400 page that offers reconnecting', async () => {
    const setup = setUpMockedClient()
    setup.mock.setAutoConsent({ instanceKey: INSTANCE, deny: true })
    const login = await handleLoginRequest(setup.rw, { instanceKey: INSTANCE })
    const authorize = await setup.mock.fetch(login.redirectTo, { redirect: 'manual' })
    const cookieHeader = `${login.setCookie.name}=${login.setCookie.value}`
    const error = await handleCallbackRequest(setup.rw, {
      url: authorize.headers.get('location') as string,
      cookieHeader,
    }).catch((caught: unknown) => caught)
    expect(handleCallbackFailure(setup.rw, error).description).toMatchObject({
      status: 400,
      code: 'authorization_denied',
      reconnect: true,
    })
  })
})

describe('createRadioWorkflow options', () => {
  it('requires lockLeaseMs > httpTimeoutMs and names both', () => {
    const setup = setUpMockedClient()
    expect(() => setup.createPeer({ lockLeaseMs: 5_000, httpTimeoutMs: 5_000 })).toThrow(
      expect.objectContaining({
        code: 'configuration_invalid',
        field: 'lockLeaseMs',
        message: expect.stringMatching(/lockLeaseMs.*httpTimeoutMs/),
      }),
    )
    expect(() => setup.createPeer({ httpTimeoutMs: -1 })).toThrow(expect.objectContaining({ field: 'httpTimeoutMs' }))
  })

  it('uses the store as the lock when it implements one', async () => {
    const setup = setUpMockedClient()
    const store = setup.store as unknown as { tryAcquire: (key: string, ms: number) => Promise<unknown> }
    const calls: string[] = []
    const original = store.tryAcquire.bind(store)
    store.tryAcquire = (key, ms) => {
      calls.push(key)
      return original(key, ms)
    }
    const rw = setup.createPeer()
    setup.mock.setAutoConsent({ instanceKey: INSTANCE, scopes: ['basic'] })
    const started = await rw.startAuthorization({ instanceKey: INSTANCE })
    const authorize = await setup.mock.fetch(started.url, { redirect: 'manual' })
    await rw.completeAuthorization(authorize.headers.get('location') as string, { binding: started.binding })
    await rw.refresh(INSTANCE)
    expect(calls).toEqual([INSTANCE])
  })
})
