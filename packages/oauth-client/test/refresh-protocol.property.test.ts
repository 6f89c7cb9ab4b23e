import {
  AuthorizationCallbackError,
  type ConnectionRecord,
  NotConnectedError,
  ReauthorizationRequiredError,
  type RefreshLock,
  RefreshOutcomeUnknownError,
  type TokenStore,
} from '@rw/oauth-core'
import { createMockSetup } from '@rw/oauth-testing'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createMemoryTokenStore, createRadioWorkflow, type RadioWorkflow } from '../src/index'
import { connectInstance, createTestClock, HOUR_MS } from './support/mock-setup'

/**
 * The shipped runtime (createRadioWorkflow → connection access → refresh procedure → interpreter),
 * several "processes" sharing one store and lock, against the strict mock (rotating refresh tokens,
 * reuse detection). fast-check's scheduler decides the order in which every store, lock and HTTP
 * call resolves, and faults are injected (lost responses, 5xx, pauses past the lease). After every
 * run the DESIGN.md guarantees are checked.
 */
const INSTANCES = ['desert-broadcasters', 'coastal-fm']
const LEASE_MS = 30_000

type Action =
  | {
      readonly kind: 'get' | 'refresh' | 'disconnect' | 'reconnect'
      readonly process: number
      readonly instance: number
    }
  | { readonly kind: 'expire' | 'lose_next' | 'fail_next' }
  | { readonly kind: 'pause'; readonly leases: number }

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('get', 'get', 'get', 'refresh', 'disconnect', 'reconnect'),
    process: fc.nat({ max: 2 }),
    instance: fc.nat({ max: INSTANCES.length - 1 }),
  }),
  fc.record({ kind: fc.constantFrom('expire', 'lose_next', 'fail_next') }),
  // A pause of one lease, or long enough that the one retry of an unresolved marker is due.
  fc.record({ kind: fc.constant('pause'), leases: fc.constantFrom(1, 3) }),
)

function createWorld(scheduler: fc.Scheduler) {
  const clock = createTestClock()
  const { mock, clientOptions } = createMockSetup({ now: clock.now, baseUrl: 'http://localhost:4010' })
  const store = createMemoryTokenStore({ now: clock.now })
  const tokenOwner = new Map<string, string>()
  const lastVersion = new Map<string, number>()
  const inFlight = new Map<string, number>()
  const violations: string[] = []
  let scheduling = false
  let lostResponses = 0

  const schedule = <T>(label: string, call: () => Promise<T>): Promise<T> => {
    if (!scheduling) return call()
    const acted = call()
    // Handled here: the scheduler may release a rejected call turns later, and Node must not see it unhandled.
    acted.catch(() => {})
    return scheduler.schedule(acted, label)
  }

  const sharedStore: TokenStore & RefreshLock = {
    getConnection: (key) => schedule('get', () => store.getConnection(key)),
    saveConnection(record: ConnectionRecord, options) {
      // Bookkeeping happens when the store acts, not when the scheduler lets the caller see it.
      const acted = store.saveConnection(record, options).then((outcome) => {
        if (outcome.saved) {
          const previous = lastVersion.get(record.instanceKey) ?? 0
          if (record.version <= previous) violations.push(`version went from ${previous} to ${record.version}`)
          lastVersion.set(record.instanceKey, record.version)
          tokenOwner.set(record.accessToken, record.instanceKey)
          if (record.refreshToken !== null) tokenOwner.set(record.refreshToken, record.instanceKey)
        }
        return outcome
      })
      return schedule('save', () => acted)
    },
    deleteConnection(key, options) {
      const acted = store.deleteConnection(key, options).then((deleted) => {
        if (deleted) lastVersion.delete(key)
        return deleted
      })
      return schedule('delete', () => acted)
    },
    savePendingAuthorization: (pending) => store.savePendingAuthorization(pending),
    consumePendingAuthorization: (stateId) => store.consumePendingAuthorization(stateId),
    tryAcquire: (key, leaseMs) => schedule('acquire', () => store.tryAcquire(key, leaseMs)),
    // A wake-up is one more task the scheduler orders (no timers: the scheduler controls every interleaving).
    waitForChange: () => schedule('wake', () => Promise.resolve()),
  }

  const fetchThroughWorld: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? new URLSearchParams(init.body) : null
    const refreshToken = String(input) === mock.urls.refresh ? body?.get('refresh_token') : null
    const instance = refreshToken ? (tokenOwner.get(refreshToken) ?? '?') : null
    if (instance !== null) {
      const count = (inFlight.get(instance) ?? 0) + 1
      inFlight.set(instance, count)
      if (count > 1) violations.push(`${count} refresh calls in flight for ${instance}`)
    }
    try {
      return await schedule('http', () =>
        mock.fetch(input, init).catch((error: unknown) => {
          if (refreshToken) lostResponses++
          throw error
        }),
      )
    } finally {
      if (instance !== null) inFlight.set(instance, (inFlight.get(instance) ?? 1) - 1)
    }
  }

  const processes: RadioWorkflow[] = [0, 1, 2].map(() =>
    createRadioWorkflow({
      ...clientOptions,
      now: clock.now,
      monotonicNow: clock.now,
      store: sharedStore,
      fetch: fetchThroughWorld,
      lockLeaseMs: LEASE_MS,
      httpTimeoutMs: 10_000,
      refreshWaitMs: 5 * LEASE_MS,
      logger: { debug() {}, warn() {}, error() {} },
    }),
  )

  return {
    clock,
    mock,
    processes,
    violations,
    tokenOwner,
    get lostResponses() {
      return lostResponses
    },
    startScheduling() {
      scheduling = true
    },
    stopScheduling() {
      scheduling = false
    },
    perform(action: Action): Promise<unknown> {
      switch (action.kind) {
        case 'expire':
          clock.advance(HOUR_MS)
          return Promise.resolve()
        case 'pause':
          // Everything in flight stalls past its lease (a GC pause or a frozen VM, seen from outside).
          return scheduler.schedule(Promise.resolve(), 'pause').then(() => clock.advance(action.leases * LEASE_MS + 1))
        case 'lose_next':
          mock.faults.nextTokenResponses.push({ kind: 'lose_response_after_rotation', endpoint: 'refresh' })
          return Promise.resolve()
        case 'fail_next':
          mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 503, endpoint: 'refresh' })
          return Promise.resolve()
        default: {
          const rw = processes[action.process] as RadioWorkflow
          const instanceKey = INSTANCES[action.instance] as string
          if (action.kind === 'get') {
            return rw.getAccessToken(instanceKey).then((token) => {
              if (tokenOwner.get(token) !== instanceKey)
                violations.push(`a token of ${tokenOwner.get(token)} served for ${instanceKey}`)
            })
          }
          if (action.kind === 'refresh') return rw.refresh(instanceKey)
          if (action.kind === 'disconnect') return rw.disconnect(instanceKey)
          return connectInstance({ mock, rw }, instanceKey)
        }
      }
    },
  }
}

/** Every error a caller may see is one of the SDK's typed outcomes, never a hang or a crash. */
function isExpectedOutcome(error: unknown): boolean {
  const code = (error as { code?: string }).code
  return (
    // A reconnect whose sign-in link expired while the clock jumped.
    error instanceof AuthorizationCallbackError ||
    error instanceof ReauthorizationRequiredError ||
    error instanceof RefreshOutcomeUnknownError ||
    error instanceof NotConnectedError ||
    [
      'token_response_invalid',
      'token_request_failed',
      'token_endpoint_error',
      'refresh_timeout',
      'refresh_backoff',
      'store_unavailable',
    ].includes(code ?? '')
  )
}

describe('the shipped refresh runtime across processes (property)', () => {
  test('one refresh in flight per instance, versions only grow, no token crosses instances, no replay the SDK could avoid, every connection has a way out', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(actionArb, { minLength: 1, maxLength: 14 }),
        async (scheduler, actions) => {
          const world = createWorld(scheduler)
          for (const instanceKey of INSTANCES)
            await connectInstance({ mock: world.mock, rw: world.processes[0] as RadioWorkflow }, instanceKey)
          world.startScheduling()
          const unexpected: unknown[] = []
          const running = actions.map((action) =>
            world.perform(action).catch((error: unknown) => {
              if (!isExpectedOutcome(error)) unexpected.push(error)
            }),
          )
          await scheduler.waitFor(Promise.all(running))
          world.stopScheduling()
          expect(unexpected).toEqual([])
          expect(world.violations).toEqual([])
          // A rotated refresh token is presented again only after a response was truly lost (dropped by the mock).
          expect(world.mock.counters.reuseDetected).toBeLessThanOrEqual(world.lostResponses)

          // Way out: with calm weather and time passing, every instance settles.
          world.mock.faults.nextTokenResponses.length = 0
          for (const instanceKey of INSTANCES) {
            let settled = false
            for (let round = 0; round < 4 && !settled; round++) {
              world.clock.advance(2 * HOUR_MS)
              try {
                const token = await (world.processes[0] as RadioWorkflow).getAccessToken(instanceKey)
                expect(world.tokenOwner.get(token)).toBe(instanceKey)
                settled = true
              } catch (error) {
                settled = error instanceof ReauthorizationRequiredError || error instanceof NotConnectedError
                if (!settled) expect(error).toBeInstanceOf(RefreshOutcomeUnknownError)
              }
            }
            expect(settled, instanceKey).toBe(true)
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})
