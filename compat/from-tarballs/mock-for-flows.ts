import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export const FLOW_INSTANCE = 'desert-broadcasters'

/** The part of the installed `@rw/oauth-testing` the job uses (imported from the tarball, not the workspace). */
interface InstalledTesting {
  createMockRadioWorkflow(): {
    readonly urls: Record<string, string>
    readonly counters: Record<string, number>
    setAutoConsent(consent: { instanceKey: string; scopes: string[] }): void
    resetCounters(): void
    listen(options: { hostname: '127.0.0.1' }): Promise<{ url: string; close(): Promise<void> }>
  }
  readonly MOCK_PARTNER_KEY: string
  readonly MOCK_PARTNER_SECRET: string
  readonly MOCK_REDIRECT_URI: string
}

/** Successful token-endpoint calls a flow must cause. */
export interface TokenCalls {
  readonly exchanges: number
  readonly refreshes: number
}

/** A mock Radio Workflow on a loopback port, served by the job's own Node, for flows in other runtimes. */
export interface FlowMock {
  /** What every flow script reads from flow-input.json. */
  readonly input: {
    readonly partnerKey: string
    readonly partnerSecret: string
    readonly redirectUri: string
    readonly instanceKey: string
    readonly endpoints: Record<string, string>
  }
  /** Resets the counters, runs a flow, then checks how many code exchanges and refreshes the mock answered. */
  expectTokenCalls(expected: TokenCalls, run: () => Promise<void>): Promise<void>
  close(): Promise<void>
}

export async function startFlowMock(projectDir: string): Promise<FlowMock> {
  const entry = createRequire(join(projectDir, 'package.json')).resolve('@rw/oauth-testing')
  const testing = (await import(pathToFileURL(entry.replace(/\.cjs$/, '.js')).href)) as InstalledTesting
  const mock = testing.createMockRadioWorkflow()
  const server = await mock.listen({ hostname: '127.0.0.1' })
  mock.setAutoConsent({ instanceKey: FLOW_INSTANCE, scopes: ['basic'] })
  return {
    input: {
      partnerKey: testing.MOCK_PARTNER_KEY,
      partnerSecret: testing.MOCK_PARTNER_SECRET,
      redirectUri: testing.MOCK_REDIRECT_URI,
      instanceKey: FLOW_INSTANCE,
      endpoints: mock.urls,
    },
    async expectTokenCalls(expected, run) {
      mock.resetCounters()
      await run()
      const seen = { exchanges: mock.counters.tokenSuccesses, refreshes: mock.counters.refreshSuccesses }
      if (seen.exchanges !== expected.exchanges || seen.refreshes !== expected.refreshes) {
        throw new Error(`The mock answered ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)}`)
      }
    },
    close: () => server.close(),
  }
}
