import {
  createMockRadioWorkflow,
  MOCK_PARTNER_KEY,
  MOCK_PARTNER_SECRET,
  MOCK_REDIRECT_URI,
  type MockRadioWorkflow,
  type MockServerHandle,
} from '@rw/oauth-testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { bundleCompatFlow, bundlePackageEntry } from '../src/bundle-for-runtime'
import type { CompatFlowInput, CompatFlowReport } from '../src/run-compat-flow'
import { runFlowInEdgeVm } from '../src/run-in-edge-vm'
import { findNode20, runFlowOnNode } from '../src/run-on-node'

const INSTANCE = 'desert-broadcasters'

// A reference to the global, not a method named `process()` (the SHA-256 hasher has one) or a word in a message.
const NODE_GLOBAL_REFERENCE =
  /(?<![.\w$])(?:process\s*\.\s*[A-Za-z_$]|Buffer\b)|globalThis\s*\.\s*(?:process|Buffer)\b/g

let mock: MockRadioWorkflow
let server: MockServerHandle

beforeAll(async () => {
  mock = createMockRadioWorkflow()
  server = await mock.listen({ hostname: '127.0.0.1' })
})

afterAll(async () => {
  await server.close()
})

beforeEach(() => {
  mock.setAutoConsent({ instanceKey: INSTANCE, scopes: ['basic'] })
  mock.resetCounters()
})

function createFlowInput(): CompatFlowInput {
  return {
    partnerKey: MOCK_PARTNER_KEY,
    partnerSecret: MOCK_PARTNER_SECRET,
    redirectUri: MOCK_REDIRECT_URI,
    instanceKey: INSTANCE,
    endpoints: mock.urls,
  }
}

function expectCompleteFlow(report: CompatFlowReport): void {
  expect(report).toEqual({
    connected: true,
    connectedVersion: 1,
    refreshed: true,
    // A refresh writes two versions: its write-ahead marker, then the new pair (DESIGN.md rule 8).
    refreshedVersion: 3,
    tokenChanged: true,
    api: { status: 200, instanceKey: INSTANCE },
  })
  // The mock saw the traffic itself: one code exchange, one refresh, one API call over loopback.
  expect(mock.counters).toMatchObject({ tokenRequests: 1, tokenSuccesses: 1, refreshRequests: 1, refreshSuccesses: 1 })
}

describe('core and client bundled for a Web-APIs-only runtime', () => {
  it.each(['@rw/oauth-core', '@rw/oauth-client'])(
    '%s bundles on platform neutral with no Node built-in or global',
    async (name) => {
      const code = await bundlePackageEntry(name)
      expect(code.length).toBeGreaterThan(1000)
      expect(code).not.toMatch(/\bfrom\s*["']node:|require\(["']node:|import\(["']node:/)
      expect(code.match(NODE_GLOBAL_REFERENCE) ?? []).toEqual([])
    },
  )

  it('the bundler rejects a Node built-in instead of leaving it for the runtime to fail on', async () => {
    await expect(bundlePackageEntry('node:crypto')).rejects.toThrow(/Node built-in "node:crypto".*Web APIs only/)
  })

  it('the Node-global check recognises what it must reject', () => {
    const offenders =
      'const a = process.env.X; const b = Buffer.from(x); globalThis.process; this.process(); "per process."'
    expect(offenders.match(NODE_GLOBAL_REFERENCE)).toEqual(['process.e', 'Buffer', 'globalThis.process'])
  })
})

describe('the full flow on the oldest supported Node', () => {
  it('connects, refreshes and calls the API on Node 20 against the loopback mock', async () => {
    const node = await findNode20()
    const result = await runFlowOnNode(node, await bundleCompatFlow('esm'), createFlowInput())
    expect(result.nodeVersion).toBe(node.version)
    expect(result.nodeVersion).toMatch(/^v20\./)
    expectCompleteFlow(result.report)
  })
})

describe('the full flow in the Edge Runtime VM (Web APIs only)', () => {
  it('connects, refreshes and calls the API with the VM fetch against the loopback mock', async () => {
    const result = await runFlowInEdgeVm(await bundleCompatFlow('iife'), createFlowInput())
    expect(result.nodeGlobals).toEqual({
      process: 'undefined',
      Buffer: 'undefined',
      require: 'undefined',
      module: 'undefined',
    })
    expectCompleteFlow(result.report)
  })
})
