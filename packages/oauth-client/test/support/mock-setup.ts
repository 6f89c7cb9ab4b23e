import type { TokenStore } from '@rw/oauth-core'
import { consentAtMock, createMockSetup, type MockRadioWorkflow, type MockSetupOptions } from '@rw/oauth-testing'
import { createRadioWorkflow } from '../../src/create-radio-workflow'
import { createMemoryTokenStore } from '../../src/memory-token-store'
import type { CreateRadioWorkflowOptions, RadioWorkflow, RadioWorkflowLogger } from '../../src/radio-workflow-types'

export const INSTANCE = 'desert-broadcasters'

/** A clock both the SDK and the mock read, moved only by the test. */
export interface TestClock {
  now(): number
  advance(ms: number): void
}

export function createTestClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let current = start
  return {
    now: () => current,
    advance(ms) {
      current += ms
    },
  }
}

export interface RecordedLog {
  readonly level: 'debug' | 'warn' | 'error'
  readonly message: string
  readonly fields: Record<string, unknown> | undefined
}

export function createRecordingLogger(): RadioWorkflowLogger & { readonly entries: RecordedLog[] } {
  const entries: RecordedLog[] = []
  return {
    entries,
    debug: (message, fields) => entries.push({ level: 'debug', message, fields }),
    warn: (message, fields) => entries.push({ level: 'warn', message, fields }),
    error: (message, fields) => entries.push({ level: 'error', message, fields }),
  }
}

export interface TestSetup {
  readonly mock: MockRadioWorkflow
  readonly clock: TestClock
  readonly store: TokenStore
  readonly logger: ReturnType<typeof createRecordingLogger>
  readonly rw: RadioWorkflow
  /** Another client on the same store and mock: a second process. */
  createPeer(overrides?: Partial<CreateRadioWorkflowOptions>): RadioWorkflow
}

export function setUpMockedClient(
  overrides: Partial<CreateRadioWorkflowOptions> = {},
  mockOptions: MockSetupOptions = {},
): TestSetup {
  const clock = createTestClock()
  // The core accepts plain http only on localhost, 127/8 and [::1], not the mock's default *.localhost origin.
  const { mock, clientOptions } = createMockSetup({ now: clock.now, baseUrl: 'http://localhost:4010', ...mockOptions })
  const store = overrides.store ?? createMemoryTokenStore({ now: clock.now })
  const logger = createRecordingLogger()
  const createPeer = (peerOverrides: Partial<CreateRadioWorkflowOptions> = {}) =>
    createRadioWorkflow({
      ...clientOptions,
      now: clock.now,
      logger,
      ...overrides,
      store,
      ...peerOverrides,
    })
  return { mock, clock, store, logger, rw: createPeer(), createPeer }
}

/** Runs the browser part of the flow with the mock's auto-consent and returns the callback URL. */
export async function authorizeInBrowser(
  setup: Pick<TestSetup, 'mock' | 'rw'>,
  instanceKey = INSTANCE,
): Promise<{ callbackUrl: string; binding: string }> {
  const started = await setup.rw.startAuthorization({ instanceKey, returnTo: '/dashboard' })
  const callbackUrl = await consentAtMock(setup.mock, started.url, { instanceKey, scopes: ['basic'] })
  return { callbackUrl: callbackUrl.href, binding: started.binding }
}

export async function connectInstance(setup: Pick<TestSetup, 'mock' | 'rw'>, instanceKey = INSTANCE) {
  const { callbackUrl, binding } = await authorizeInBrowser(setup, instanceKey)
  return setup.rw.completeAuthorization(callbackUrl, { binding })
}

export const HOUR_MS = 3_600_000
