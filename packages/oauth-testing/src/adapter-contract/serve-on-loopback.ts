import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AdapterUnderTest } from './adapter-fixture'

/** An app served by {@link serveOnLoopback}: requests go over real HTTP to `origin`. */
export interface LoopbackAdapterUnderTest extends AdapterUnderTest {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string
  /** Stops the server, ending kept-alive connections too. */
  close(): Promise<void>
}

/**
 * Serves a Node request listener (adapter-node's `handler`, an Express app, ...) on 127.0.0.1 at a
 * free port, for {@link describeAdapterContract}. Responses come back unfollowed, so a redirect
 * ([RFC 9110 §15.4](https://www.rfc-editor.org/rfc/rfc9110#section-15.4)) can be asserted;
 * `close()` also ends kept-alive connections.
 *
 * @example
 * ```ts
 * describeAdapterContract('my adapter', async ({ rwOptions }) =>
 *   serveOnLoopback(createMyNodeApp(createRadioWorkflow(rwOptions))),
 * )
 * ```
 */
export async function serveOnLoopback(listener: RequestListener): Promise<LoopbackAdapterUnderTest> {
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
