import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readInstanceQuery, readQueryParameter } from './route-request'

/** What a full WHATWG URL parse reads: the reference the fast path must agree with. */
function readWithUrl(url: string, name: string): string[] {
  return new URL(url, 'http://reference.invalid').searchParams.getAll(name)
}

describe('readQueryParameter', () => {
  it.each([
    '/auth/rw/login?instance=a',
    'http://127.0.0.1:3000/sdk?instance=bench-42&x=1',
    '/p?instance=caf%C3%A9&returnTo=%2Fdash%3Fa%3D1',
    '/p?instance=a+b',
    '/p?instance=',
    '/p?instance',
    '/p',
    '/p#frag?instance=hidden',
    '/p?instance=shown#frag?instance=hidden',
    '/p?x=1&instance=%E6%BC%A2%E5%AD%97',
    '/p?instance=a%2',
  ])('reads %s as a full URL parse would', (url) => {
    expect([readQueryParameter(url, 'instance')].filter((value) => value !== undefined)).toEqual(
      readWithUrl(url, 'instance'),
    )
  })

  it('agrees with a full URL parse for any query a client can send', () => {
    const part = fc.string({ unit: 'binary', maxLength: 12 })
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('instance', 'returnTo', 'x'), part), { maxLength: 4 }), (pairs) => {
        const url = `/auth/rw/login?${new URLSearchParams(pairs).toString()}`
        const expected = readWithUrl(url, 'instance')
        if (expected.length > 1) expect(() => readQueryParameter(url, 'instance')).toThrow(/given once/)
        else expect(readQueryParameter(url, 'instance')).toBe(expected[0])
      }),
    )
  })

  it('refuses a repeated parameter, also when given a URL object', () => {
    expect(() => readQueryParameter('/p?instance=a&instance=b', 'instance')).toThrow(/given 2 times/)
    expect(() => readQueryParameter(new URL('http://h/p?instance=a&instance=b'), 'instance')).toThrow(/given once/)
    expect(readInstanceQuery(new URL('http://h/p?instance=a'))).toBe('a')
    expect(readInstanceQuery('/p?instance=')).toBeNull()
  })
})
