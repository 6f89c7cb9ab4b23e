import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AdapterUnderTest } from '@rw/oauth-testing/contract'

/** Serves `listener` on 127.0.0.1 (a free port) and sends requests to it over real HTTP, redirects unfollowed. */
export async function serveOnLoopback(
  listener: RequestListener,
): Promise<AdapterUnderTest & { readonly origin: string }> {
  const server = createServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    request: (path, init = {}) => fetch(`${origin}${path}`, { ...init, redirect: 'manual' }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
