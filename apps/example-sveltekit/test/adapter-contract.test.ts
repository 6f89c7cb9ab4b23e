import { describeAdapterContract, serveOnLoopback } from '@rw/oauth-testing/contract'
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
  return serveOnLoopback(app.handler)
})
