import { UsageError } from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import { readInstanceQueryParameter, readQueryParameter } from './radio-workflow-request'

const requestWithQuery = (query: unknown) => ({ query, headers: {} })

describe('readQueryParameter', () => {
  it('returns a single value, or undefined when absent', () => {
    expect(readQueryParameter(requestWithQuery({ returnTo: '/home' }), 'returnTo')).toBe('/home')
    expect(readQueryParameter(requestWithQuery({}), 'returnTo')).toBeUndefined()
    expect(readQueryParameter({ headers: {} }, 'returnTo')).toBeUndefined()
  })

  it.each([[['/a', '/b']], [{ nested: '/a' }]])('refuses a repeated or nested value %j', (value) => {
    expect(() => readQueryParameter(requestWithQuery({ returnTo: value }), 'returnTo')).toThrow(UsageError)
    expect(() => readQueryParameter(requestWithQuery({ returnTo: value }), 'returnTo')).toThrow(
      /"returnTo" must be given once/,
    )
  })
})

describe('readInstanceQueryParameter', () => {
  it('reads ?instance=', () => {
    expect(readInstanceQueryParameter(requestWithQuery({ instance: 'coastal-fm' }))).toBe('coastal-fm')
  })

  it.each([{}, { instance: '' }])('says how to pass the instance when it is missing (%j)', (query) => {
    expect(() => readInstanceQueryParameter(requestWithQuery(query))).toThrow(/\?instance=<key>.*resolveInstanceKey/)
  })
})
