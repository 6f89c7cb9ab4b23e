import { describe, expect, it } from 'vitest'
import { serveOnLoopback } from './serve-on-loopback'

describe('serveOnLoopback', () => {
  it('serves the listener on 127.0.0.1, returns redirects unfollowed, and stops serving on close', async () => {
    const seen: Array<{ method?: string; url?: string; header?: string | string[] }> = []
    const served = await serveOnLoopback((request, response) => {
      seen.push({ method: request.method, url: request.url, header: request.headers['x-test'] })
      response.writeHead(302, { location: '/elsewhere' }).end()
    })
    expect(served.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    const response = await served.request('/auth/rw/login?instance=x', { method: 'GET', headers: { 'x-test': 'yes' } })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/elsewhere')
    expect(seen).toEqual([{ method: 'GET', url: '/auth/rw/login?instance=x', header: 'yes' }])

    await served.close()
    await expect(fetch(`${served.origin}/`)).rejects.toThrow()
  })
})
