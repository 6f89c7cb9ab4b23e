import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { createApiRoutes } from './api-routes'
import { AUTHORIZE_PATH, createAuthorizeRoutes } from './authorize-routes'
import { GrantRegistry, type IssuedToken } from './grant-registry'
import type { MockListenOptions, MockServerHandle } from './listen-mock-server'
import { isLostResponse } from './lost-response'
import type { MockAutoConsent, MockContext } from './mock-context'
import { createMockCounters, type MockCounters, resetMockCounters } from './mock-counters'
import {
  MOCK_DEFAULT_BASE_URL,
  MOCK_DEFAULT_INSTANCES,
  MOCK_DEFAULT_PARTNERS,
  type MockInstance,
  type MockPartner,
} from './mock-defaults'
import { createMockFaults, type MockFaults } from './mock-faults'
import { createMockSettings, type MockRadioWorkflowOptions, type MockSettings } from './mock-settings'
import { type SeededGrant, seedGrant } from './seed-grant'
import { createTokenRoutes } from './token-routes'

/** Absolute URLs of the mock's endpoints; they follow `baseUrl`. */
export interface MockRadioWorkflowUrls {
  readonly authorize: string
  readonly token: string
  readonly refresh: string
  /** API base, e.g. `http://127.0.0.1:53122/api/v1`. */
  readonly api: string
}

/** A strict mock Radio Workflow authorization server and API. See {@link createMockRadioWorkflow}. */
export interface MockRadioWorkflow {
  readonly app: Hono
  /** A drop-in `fetch` that serves requests to `baseUrl` in-process; other origins reject. Never follows redirects. */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>
  readonly baseUrl: string
  readonly urls: MockRadioWorkflowUrls
  readonly partners: readonly MockPartner[]
  readonly instances: readonly MockInstance[]
  readonly settings: MockSettings
  readonly faults: MockFaults
  readonly counters: MockCounters
  /** `null` switches back to the consent page. */
  setAutoConsent(consent: MockAutoConsent | null): void
  /** Expires every access token of the instance now; returns how many. */
  expireAccessToken(instanceKey: string): number
  /** Revokes every grant (access and refresh tokens) of the instance; returns how many. */
  revokeGrant(instanceKey: string): number
  /**
   * Test-only shortcut: a grant for `instanceKey` (one of `instances`) as if its user had consented and the
   * partner (the first of `partners`) had exchanged the code; returns the pair to store. For benchmarks and
   * fleet tests that need thousands of connections; everything else should go through the real flow.
   *
   * @example
   * ```ts
   * const { accessToken, refreshToken, expiresIn } = mock.seedGrant('desert-broadcasters', ['basic'])
   * ```
   */
  seedGrant(instanceKey: string, scopes?: readonly string[]): SeededGrant
  /** Every access and refresh token issued so far, oldest first. */
  issued(): readonly IssuedToken[]
  /** Sets every counter back to 0, e.g. between the steps of one test. */
  resetCounters(): void
  /** Serves the mock over HTTP on a loopback port; `baseUrl` and `urls` follow until `close()`. */
  listen(options?: MockListenOptions): Promise<MockServerHandle>
}

function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}

function validateOptions(options: MockRadioWorkflowOptions): void {
  for (const partner of options.partners ?? []) {
    if (partner.redirectUris.length === 0) {
      throw new TypeError(`Mock partner "${partner.partnerKey}" needs at least one entry in redirectUris.`)
    }
  }
  if (options.instances?.length === 0) throw new TypeError('Mock option "instances" must list at least one instance.')
}

/**
 * Creates a strict, in-memory Radio Workflow authorization server and API for tests and demos:
 * authorization-code grant ([RFC 6749 §4.1](https://www.rfc-editor.org/rfc/rfc6749#section-4.1)) with
 * PKCE S256, Basic client authentication, single-use codes, rotating refresh tokens with reuse
 * detection, a bearer-protected API and fault switches.
 *
 * @example
 * ```ts
 * const mock = createMockRadioWorkflow()
 * mock.setAutoConsent({ instanceKey: 'desert-broadcasters', scopes: ['basic'] })
 * const rw = createRadioWorkflow({
 *   partnerKey: MOCK_PARTNER_KEY, partnerSecret: MOCK_PARTNER_SECRET, redirectUri: MOCK_REDIRECT_URI,
 *   endpoints: mock.urls, fetch: mock.fetch, scopes: ['basic'],
 * })
 * ```
 */
export function createMockRadioWorkflow(options: MockRadioWorkflowOptions = {}): MockRadioWorkflow {
  validateOptions(options)
  const now = options.now ?? Date.now
  const settings = createMockSettings(options)
  const counters = createMockCounters()
  const faults = createMockFaults()
  const context: MockContext = {
    partners: options.partners ?? MOCK_DEFAULT_PARTNERS,
    instances: options.instances ?? MOCK_DEFAULT_INSTANCES,
    settings,
    counters,
    faults,
    registry: new GrantRegistry(settings, counters, now),
    now,
    autoConsent: null,
  }
  const app = new Hono()
    .route('/', createAuthorizeRoutes(context))
    .route('/', createTokenRoutes(context))
    .route('/', createApiRoutes(context))
  app.onError(function answerMockError(error, c) {
    if (error instanceof HTTPException) return error.getResponse()
    // The client aborted (e.g. during injected latency): nobody is listening for an answer.
    if (c.req.raw.signal.aborted) return new Response(null, { status: 499 })
    console.error('Mock Radio Workflow server error:', error)
    return c.json({ error: 'server_error' }, 500)
  })
  const inProcessBaseUrl = new URL(options.baseUrl ?? MOCK_DEFAULT_BASE_URL).origin
  let baseUrl = inProcessBaseUrl

  const fetchInProcess = async function fetchMockRadioWorkflow(input: RequestInfo | URL, init?: RequestInit) {
    const request = new Request(input, init)
    if (new URL(request.url).origin !== baseUrl) {
      throw new TypeError(`mock.fetch only serves ${baseUrl}; point the SDK's endpoints at mock.urls.`)
    }
    request.signal.throwIfAborted()
    const response = await Promise.race([app.fetch(request), waitForAbort(request.signal)])
    if (isLostResponse(response)) {
      throw new TypeError('fetch failed', { cause: new Error('The mock dropped the connection (injected fault).') })
    }
    return response
  }

  return {
    app,
    fetch: fetchInProcess,
    get baseUrl() {
      return baseUrl
    },
    get urls() {
      return {
        authorize: `${baseUrl}${AUTHORIZE_PATH}`,
        token: `${baseUrl}/oauth/token`,
        refresh: `${baseUrl}/oauth/refreshToken`,
        api: `${baseUrl}/api/v1`,
      }
    },
    partners: context.partners,
    instances: context.instances,
    settings,
    faults,
    counters,
    setAutoConsent(consent) {
      context.autoConsent = consent
    },
    expireAccessToken: (instanceKey) => context.registry.expireAccessTokens(instanceKey),
    revokeGrant: (instanceKey) => context.registry.revokeGrants(instanceKey),
    seedGrant: (instanceKey, scopes = ['basic']) => seedGrant(context, instanceKey, scopes),
    issued: () => context.registry.issued(),
    resetCounters: () => resetMockCounters(counters),
    async listen(listenOptions) {
      // Loaded on demand so the in-process mock runs where node:http does not exist.
      const { listenMockServer } = await import('./listen-mock-server')
      const handle = await listenMockServer(app, listenOptions)
      baseUrl = handle.url
      return {
        url: handle.url,
        async close() {
          await handle.close()
          if (baseUrl === handle.url) baseUrl = inProcessBaseUrl
        },
      }
    },
  }
}
