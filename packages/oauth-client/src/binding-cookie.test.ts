import { describe, expect, it } from 'vitest'
import { createBindingCookie, createClearedBindingCookie, readBindingFlowIds, readFlowId } from './binding-cookie'
import { readCookie, readCookiePairs, serializeCookie } from './cookie-header'

const FLOW = 'AbCd_ef-0123456789'.slice(0, 16)

describe('binding cookie', () => {
  it('is HttpOnly, Lax, path / and __Host- prefixed when the redirect URI is https, one name per flow', () => {
    const cookie = createBindingCookie({
      binding: 'b1nd',
      flowId: FLOW,
      redirectUri: 'https://partner.example/auth/rw/callback',
    })
    expect(cookie).toEqual({
      name: `__Host-rw-oauth-binding-${FLOW}`,
      value: 'b1nd',
      attributes: { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 600 },
    })
    expect(serializeCookie(cookie)).toBe(
      `__Host-rw-oauth-binding-${FLOW}=b1nd; Max-Age=600; Path=/; HttpOnly; Secure; SameSite=Lax`,
    )
  })

  it('drops Secure and the prefix for a plain-http loopback redirect URI', () => {
    const cookie = createBindingCookie({
      binding: 'b1nd',
      flowId: FLOW,
      redirectUri: 'http://localhost:3000/cb',
      maxAgeSeconds: 60,
    })
    expect(serializeCookie(cookie)).toBe(`rw-oauth-binding-${FLOW}=b1nd; Max-Age=60; Path=/; HttpOnly; SameSite=Lax`)
  })

  it('clears with the same name and attributes', () => {
    expect(serializeCookie(createClearedBindingCookie({ secure: true }, FLOW))).toBe(
      `__Host-rw-oauth-binding-${FLOW}=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax`,
    )
  })

  it('derives a cookie-name-safe flow id from the state', () => {
    expect(readFlowId('some-state')).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(readFlowId('some-state')).toBe(readFlowId('some-state'))
    expect(readFlowId('some-state')).not.toBe(readFlowId('other-state'))
  })

  it('rejects missing or unsafe inputs with a typed error', () => {
    const typed = expect.objectContaining({ code: 'usage_invalid' })
    expect(() => createBindingCookie({ binding: 'x', flowId: FLOW })).toThrow(typed)
    expect(() => createBindingCookie({ binding: '', flowId: FLOW, secure: true })).toThrow(typed)
    expect(() => createBindingCookie({ binding: 'x', flowId: FLOW, secure: true, maxAgeSeconds: 0 })).toThrow(typed)
    expect(() => createBindingCookie({ binding: 'x', flowId: 'a;b', secure: true })).toThrow(typed)
    expect(() =>
      serializeCookie(createBindingCookie({ binding: 'x;Domain=evil', flowId: FLOW, secure: true })),
    ).toThrow(typed)
    expect(() =>
      serializeCookie(createBindingCookie({ binding: 'x\r\nSet-Cookie: a=b', flowId: FLOW, secure: true })),
    ).toThrow(typed)
  })

  it('lists the flows of the binding cookies a request carries, oldest first', () => {
    const header = `a=1; rw-oauth-binding-${FLOW}=v1; __Host-rw-oauth-binding-x=v2; rw-oauth-binding-second=v3; rw-oauth-binding-gone=`
    expect(readBindingFlowIds({ secure: false }, header)).toEqual([FLOW, 'second'])
    expect(readBindingFlowIds({ secure: true }, header)).toEqual(['x'])
  })
})

describe('Cookie header parsing (by hand, strict)', () => {
  it('reads one cookie', () => {
    expect(readCookie('a=1; rw-oauth-binding-x=abc; b=2', 'rw-oauth-binding-x')).toBe('abc')
    expect(readCookie('a=1;rw-oauth-binding-x=abc', 'rw-oauth-binding-x')).toBe('abc')
    expect(readCookie('x="quoted"', 'x')).toBe('quoted')
    expect(readCookie('a=1', 'x')).toBeNull()
    expect(readCookie('x=', 'x')).toBeNull()
    expect(readCookie(null, 'x')).toBeNull()
    expect(readCookie(undefined, 'x')).toBeNull()
  })

  it('trusts neither of two values for one name (a cookie planted beside ours)', () => {
    expect(readCookie('x=mine; x=planted', 'x')).toBeNull()
  })

  it('never percent-decodes and skips malformed pairs', () => {
    expect(readCookie('x=a%3Bb', 'x')).toBe('a%3Bb')
    expect(readCookiePairs('novalue; =empty-name; bad name=1; ok=2; sp=a b')).toEqual([['ok', '2']])
  })
})
