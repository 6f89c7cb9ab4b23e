import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describeAdapterContract } from '@rw/oauth-testing/contract'
import { afterAll, beforeAll } from 'vitest'
import { type BuiltContractApp, buildContractApp } from './support/build-contract-app'

// The shared adapter contract on SvelteKit 3: the example app built once by Vite and adapter-node,
// each test serving its handler on a fresh loopback port with its own mock and clock.
let app: BuiltContractApp

beforeAll(async () => {
  app = await buildContractApp()
}, 120_000)

afterAll(async () => {
  await app?.remove()
})

describeAdapterContract('sveltekit 3 (example app)', async ({ rwOptions }) => {
  app.registerOptions(rwOptions)
  const server = createServer(app.handler)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    request: (path, init = {}) => fetch(`${origin}${path}`, { ...init, redirect: 'manual' }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
})
