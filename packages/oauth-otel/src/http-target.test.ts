import { describe, expect, it } from 'vitest'
import { describeHttpTarget } from './http-target'

describe('describeHttpTarget', () => {
  it('keeps scheme, host, port and path; drops query, fragment and credentials', () => {
    expect(describeHttpTarget('https://user:pass@api.example:8443/v1/logs?access_token=x#frag')).toEqual({
      'server.address': 'api.example',
      'server.port': 8443,
      'url.full': 'https://api.example:8443/v1/logs',
    })
  })

  it('reports the scheme default port when the URL has none', () => {
    expect(describeHttpTarget(new URL('https://api.example/logs'))).toMatchObject({ 'server.port': 443 })
    expect(describeHttpTarget('http://127.0.0.1/logs')).toMatchObject({ 'server.port': 80 })
  })

  it('reports nothing for a string that is not a URL', () => {
    expect(describeHttpTarget('not a url')).toEqual({})
  })
})
