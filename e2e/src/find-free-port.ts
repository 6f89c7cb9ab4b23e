import { createServer } from 'node:net'

/**
 * Asks the kernel for a free loopback port (listen on port 0, read it, close). Another process could take
 * it before the app binds it; the app then fails to start and says so, which beats a fixed port shared by runs.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close((error) => (error ? reject(error) : resolve(port)))
    })
  })
}
