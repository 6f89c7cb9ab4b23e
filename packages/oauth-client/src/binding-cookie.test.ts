import { describe, expect, it } from 'vitest'
import { createBindingCookie, createClearedBindingCookie } from './binding-cookie'
import { readCookie, serializeCookie } from './cookie-header'

describe('binding cookie', () => {
  it('is HttpOnly, Lax, path / and __Host- prefixed when the redirect URI is https', () => {
    const cookie = createBindingCookie({ binding: 'b1nd', redirectUri: 'https://partner.example/auth/rw/callback' })
    expect(cookie).toEqual({
      name: '__Host-rw-oauth-binding',
      value: 'b1nd',
      attributes: { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 600 },
    })
    expect(serializeCookie(cookie)).toBe(
      '__Host-rw-oauth-binding=b1nd; Max-Age=600; Path=/; HttpOnly; Secure; SameSite=Lax',
    )
  })

  it('drops Secure and the prefix for a plain-http loopback redirect URI', () => {
    const cookie = createBindingCookie({ binding: 'b1nd', redirectUri: 'http://localhost:3000/cb', maxAgeSeconds: 60 })
    expect(cookie.name).toBe('rw-oauth-binding')
    expect(serializeCookie(cookie)).toBe('rw-oauth-binding=b1nd; Max-Age=60; Path=/; HttpOnly; SameSite=Lax')
  })

  it('clears with the same name and attributes', () => {
    const cleared = createClearedBindingCookie({ secure: true })
    expect(serializeCookie(cleared)).toBe('__Host-rw-oauth-binding=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax')
  })

  it('rejects missing inputs with a typed error', () => {
    expect(() => createBindingCookie({ binding: 'x' })).toThrow(expect.objectContaining({ code: 'usage_invalid' }))
    expect(() => createBindingCookie({ binding: '', secure: true })).toThrow(
      expect.objectContaining({ code: 'usage_invalid' }),
    )
    expect(() => createBindingCookie({ binding: 'x', secure: true, maxAgeSeconds: 0 })).toThrow(
      expect.objectContaining({ code: 'usage_invalid' }),
    )
  })

  it('reads one cookie from a Cookie header', () => {
    expect(readCookie('a=1; __Host-rw-oauth-binding=abc; b=2', '__Host-rw-oauth-binding')).toBe('abc')
    expect(readCookie('a=1', '__Host-rw-oauth-binding')).toBeNull()
    expect(readCookie('rw-oauth-binding=', 'rw-oauth-binding')).toBeNull()
    expect(readCookie(null, 'x')).toBeNull()
    expect(readCookie(undefined, 'x')).toBeNull()
  })
})
