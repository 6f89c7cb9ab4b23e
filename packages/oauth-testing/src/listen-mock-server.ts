import type { AddressInfo } from 'node:net'
import { type HttpBindings, serve } from '@hono/node-server'
import type { Hono } from 'hono'
import { isLostResponse } from './lost-response'

/** Options of `mock.listen()`. Only loopback addresses: the mock is a test double. */
export interface MockListenOptions {
  /** Default 0: a random free port. */
  readonly port?: number
  readonly hostname?: '127.0.0.1' | 'localhost' | '::1'
}

/** A running HTTP server for the mock. */
export interface MockServerHandle {
  /** The real origin, e.g. `http://127.0.0.1:53122`. */
  readonly url: string
  /** Stops the server and drops open connections; resolves once it no longer listens. */
  close(): Promise<void>
}

/** Serves `app` over Node's HTTP server; an injected lost response destroys the socket. */
export function listenMockServer(app: Hono, options: MockListenOptions = {}): Promise<MockServerHandle> {
  const { port = 0, hostname = '127.0.0.1' } = options
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        port,
        hostname,
        // Leave the process's global Request/Response untouched: tests share them.
        overrideGlobalObjects: false,
        fetch: async function serveMockRequest(request, env) {
          const response = await app.fetch(request, env)
          if (!isLostResponse(response)) return response
          ;(env as HttpBindings).incoming.socket.destroy()
          // Tells @hono/node-server the response was handled (here: deliberately never sent).
          return new Response(null, { headers: { 'x-hono-already-sent': 'true' } })
        },
      },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
        resolve({
          url: `http://${host}:${info.port}`,
          close: () =>
            new Promise<void>((resolveClose, rejectClose) => {
              server.close((error) => (error ? rejectClose(error) : resolveClose()))
              if ('closeAllConnections' in server) server.closeAllConnections()
            }),
        })
      },
    )
    server.once('error', reject)
  })
}
