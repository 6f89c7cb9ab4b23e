import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { TokenRequestError, TokenResponseError } from '@rw/oauth-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetchTransport } from './fetch-transport'

let server: Server
let baseUrl: string
const hits: string[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '')
    if (request.url === '/redirect') {
      response.writeHead(302, { location: `${baseUrl}/landed` }).end()
    } else if (request.url === '/huge') {
      response.writeHead(200, { 'content-type': 'application/json' })
      const chunk = 'x'.repeat(16 * 1024)
      for (let index = 0; index < 16; index++) response.write(chunk)
      response.end()
    } else if (request.url === '/slow') {
      // Never answers: only the client's deadline ends the exchange.
    } else if (request.url === '/tokens') {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"access_token":"AT-printed-nowhere","refresh_token":"RT-printed-nowhere"}')
    } else if (request.url === '/reset') {
      request.socket.destroy()
    } else {
      response.writeHead(200, { 'Content-Type': 'application/json', 'X-Mixed-Case': 'yes' })
      response.end('{"ok":true}')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const secretRequest = (path: string) => ({
  method: 'POST' as const,
  url: `${baseUrl}${path}`,
  headers: { authorization: 'Basic c2VjcmV0LWlkOnNlY3JldC1wYXNz', 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=refresh_token&refresh_token=super-secret-refresh',
})

function expectNoSecrets(error: unknown): void {
  const printed = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`
  expect(printed).not.toContain('super-secret-refresh')
  expect(printed).not.toContain('c2VjcmV0LWlkOnNlY3JldC1wYXNz')
}

describe('createFetchTransport', () => {
  it('returns status, lower-cased headers and the body', async () => {
    const response = await createFetchTransport()(secretRequest('/ok'))
    expect(response.status).toBe(200)
    expect(response.headers['x-mixed-case']).toBe('yes')
    expect(response.headers['content-type']).toBe('application/json')
    expect(response.body).toBe('{"ok":true}')
  })

  it('prints the response with its body (the tokens) redacted', async () => {
    const response = await createFetchTransport()(secretRequest('/tokens'))
    expect(JSON.parse(response.body)).toMatchObject({ access_token: 'AT-printed-nowhere' })
    for (const printed of [inspect(response), JSON.stringify(response), String(response)]) {
      expect(printed).not.toContain('printed-nowhere')
      expect(printed).toContain('[redacted]')
    }
  })

  it('reports a port fetch refuses (6000) as certainly not delivered', async () => {
    const error = await createFetchTransport()({ ...secretRequest('/'), url: 'http://127.0.0.1:6000/token' }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toMatchObject({ code: 'token_request_failed', maybeDelivered: false })
    expectNoSecrets(error)
  })

  it('returns a 3xx as is and never follows it', async () => {
    hits.length = 0
    const response = await createFetchTransport()(secretRequest('/redirect'))
    expect(response.status).toBe(302)
    expect(hits).toEqual(['/redirect'])
  })

  it('discards a body over the cap with a typed error', async () => {
    const error = await createFetchTransport({ maxResponseBytes: 64 * 1024 })(secretRequest('/huge')).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(TokenResponseError)
    expect(error).toMatchObject({ code: 'token_response_invalid', endpointStatus: 200 })
    expectNoSecrets(error)
  })

  it('gives up at the deadline and reports the request as maybe delivered', async () => {
    const error = await createFetchTransport({ timeoutMs: 50 })(secretRequest('/slow')).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(TokenRequestError)
    expect(error).toMatchObject({ code: 'token_request_failed', maybeDelivered: true })
    expectNoSecrets(error)
  })

  it('still aborts a hung exchange when every one of its timers fires late (grace periods are bounded)', async () => {
    // Blocks the thread for 200 ms in every turn of the event loop, so each 20 ms timer fires ~180 ms late.
    let hogging = true
    const hog = () => {
      const until = performance.now() + 200
      while (performance.now() < until) {
        // A starved process, on purpose.
      }
      if (hogging) setImmediate(hog)
    }
    const exchange = createFetchTransport({ timeoutMs: 20 })(secretRequest('/slow'))
    setImmediate(hog)
    const error = await exchange.catch((caught: unknown) => caught)
    hogging = false
    expect(error).toMatchObject({ code: 'token_request_failed', maybeDelivered: true })
  })

  it('treats a connection reset after sending as maybe delivered', async () => {
    const error = await createFetchTransport()(secretRequest('/reset')).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'token_request_failed', maybeDelivered: true })
    expectNoSecrets(error)
  })

  it('reports a refused connection as certainly not delivered', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const error = await createFetchTransport()({ ...secretRequest('/'), url: `http://127.0.0.1:${port}/token` }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toMatchObject({ code: 'token_request_failed', maybeDelivered: false })
    expectNoSecrets(error)
  })
})
