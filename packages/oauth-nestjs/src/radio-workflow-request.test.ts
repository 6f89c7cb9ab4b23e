import { UsageError } from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import { readInstanceQueryParameter, readQueryParameter } from './radio-workflow-request'

const requestTo = (url: string) => ({ url, headers: {} })

describe('readQueryParameter', () => {
  it('returns a single value, or undefined when absent', () => {
    expect(readQueryParameter(requestTo('/login?returnTo=%2Fhome'), 'returnTo')).toBe('/home')
    expect(readQueryParameter(requestTo('/login'), 'returnTo')).toBeUndefined()
    expect(readQueryParameter({ headers: {} }, 'returnTo')).toBeUndefined()
  })

  it('reads the URL as received (originalUrl) when a router rewrote url', () => {
    expect(readQueryParameter({ url: '/x', originalUrl: '/auth/rw/login?returnTo=/a', headers: {} }, 'returnTo')).toBe(
      '/a',
    )
  })

  it.each(['/login?returnTo=/a&returnTo=/b', '/login?returnTo=/a&returnTo='])('refuses a repeated value %s', (url) => {
    expect(() => readQueryParameter(requestTo(url), 'returnTo')).toThrow(UsageError)
    expect(() => readQueryParameter(requestTo(url), 'returnTo')).toThrow(/"returnTo" must be given once/)
  })
})

describe('readInstanceQueryParameter', () => {
  it('reads ?instance=', () => {
    expect(readInstanceQueryParameter(requestTo('/x?instance=coastal-fm'))).toBe('coastal-fm')
  })

  it.each(['/x', '/x?instance='])('says how to pass the instance when it is missing (%s)', (url) => {
    expect(() => readInstanceQueryParameter(requestTo(url))).toThrow(/\?instance=<key>.*resolveInstanceKey/)
  })
})
