import { createRadioWorkflow } from '@rw/oauth-client'
import { type MockRadioWorkflow, resolveExampleEnvironment } from '@rw/oauth-testing'

const KEY = 'desert-broadcasters'

/** Where to go after the walk-through: the same flow in a browser, then against Radio Workflow itself. */
export const NEXT_STEPS = [
  'Run `pnpm demo` and open the URL it prints: the same flow in a browser, with a live dashboard.',
  'Against Radio Workflow itself: set RW_PARTNER_KEY, RW_PARTNER_SECRET, RW_REDIRECT_URI, RW_TOKEN_URL and',
  'RW_REFRESH_URL (from the Partner Portal) before `pnpm demo`; see apps/demo/README.md.',
  'In your app: packages/oauth-client/README.md (or the Hono, NestJS and SvelteKit adapters).',
].join('\n')

/** Prints one step: a title and its data. */
export type WalkthroughPrinter = (title: string, detail: unknown) => void

// Edits the string, not a parsed URL: re-serializing would turn the scope's %20 into "+".
function hideParameter(url: string, name: string): string {
  return url.replace(new RegExp(`([?&]${name}=)[^&]*`), '$1<hidden>')
}

/** The foundation flow step by step against the embedded mock: authorize URL, consent, exchange, API call, refreshes. */
export async function runWalkthrough(step: WalkthroughPrinter): Promise<MockRadioWorkflow> {
  const environment = await resolveExampleEnvironment({ env: {}, listenMock: false })
  const mock = environment.mock as MockRadioWorkflow
  const rw = createRadioWorkflow({ ...environment.rwOptions, scopes: ['basic'] })

  const { url, binding } = await rw.startAuthorization({ instanceKey: KEY, scopes: ['basic', 'dubbed'] })
  step(
    '1. Authorize URL (the browser is sent here; state is single-use, PKCE S256). Its host is the in-process mock, ' +
      'which no browser can open: `pnpm demo` serves the same flow on a real port',
    hideParameter(url, 'state'),
  )

  mock.setAutoConsent({ instanceKey: KEY, user: 'super', scopes: ['basic', 'dubbed'] })
  const consent = await mock.fetch(url)
  const callbackUrl = consent.headers.get('location') ?? ''
  step(
    '2. Consent: a Super User of Desert Broadcasters approves basic + dubbed; the callback',
    hideParameter(hideParameter(callbackUrl, 'code'), 'state'),
  )

  const completed = await rw.completeAuthorization(callbackUrl, { binding })
  step('3. Code exchanged once at the token endpoint; stored connection (never a token)', completed.connection)

  const api = await rw.fetch(KEY, 'instance')
  step(`4. API call GET /instance with the Bearer token → HTTP ${api.status}`, await api.json())

  step('5. Forced refresh (refreshToken endpoint; the refresh token rotates)', await rw.refresh(KEY))

  mock.expireAccessToken(KEY)
  const retried = await rw.fetch(KEY, 'logs')
  step(`6. The mock expires the access token; rw.fetch gets 401, refreshes once, retries → HTTP ${retried.status}`, {
    connection: await rw.getConnection(KEY),
    logs: await retried.json(),
  })

  step('7. Disconnect', { disconnected: await rw.disconnect(KEY), connection: await rw.getConnection(KEY) })
  step('Mock counters', {
    tokenRequests: mock.counters.tokenRequests,
    refreshRequests: mock.counters.refreshRequests,
    apiRequests: mock.counters.apiRequests,
  })
  step('Next', NEXT_STEPS)
  return mock
}
