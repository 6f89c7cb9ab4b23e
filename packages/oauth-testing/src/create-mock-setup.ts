import {
  createMockRadioWorkflow,
  type MockRadioWorkflow,
  type MockRadioWorkflowUrls,
} from './create-mock-radio-workflow'
import type { MockAutoConsent } from './mock-context'
import { MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET, MOCK_REDIRECT_URI } from './mock-defaults'
import type { MockRadioWorkflowOptions } from './mock-settings'

/**
 * Options that point a client at a mock in-process: structurally assignable to the client's
 * `CreateRadioWorkflowOptions` (this package does not depend on `@rw/oauth-client`).
 */
export interface MockClientOptions {
  /** `MOCK_PARTNER_KEY`. */
  readonly partnerKey: string
  /** `MOCK_PARTNER_SECRET`. */
  readonly partnerSecret: string
  /** One of the redirect URIs the mock registers. */
  readonly redirectUri: string
  /** The mock's `urls`. */
  readonly endpoints: MockRadioWorkflowUrls
  /** `['basic']`. */
  readonly scopes: readonly string[]
  /** The mock's in-process `fetch`. */
  readonly fetch: MockRadioWorkflow['fetch']
}

/** Options of {@link createMockSetup}: the mock's options, with the partner's redirect URIs instead of `partners`. */
export interface MockSetupOptions extends Omit<MockRadioWorkflowOptions, 'partners'> {
  /** Redirect URIs registered for `MOCK_PARTNER_KEY`. Default `[MOCK_REDIRECT_URI]`. */
  readonly redirectUris?: readonly string[]
}

/** A mock and the client options that point at it. See {@link createMockSetup}. */
export interface MockSetup {
  /** The strict mock, with `MOCK_PARTNER_KEY` as its one partner. */
  readonly mock: MockRadioWorkflow
  /**
   * `MOCK_PARTNER_KEY`'s credentials, the first of `redirectUris`, scope `basic`, and the mock's
   * in-process `urls` and `fetch` as they are now (after `mock.listen()`, read `mock.urls` again).
   * Spread it to change a field, e.g. `{ ...clientOptions, redirectUri }` for another registered URI.
   */
  readonly clientOptions: MockClientOptions
}

/**
 * Creates a strict mock whose one partner (`MOCK_PARTNER_KEY`) registers `redirectUris`, and the
 * client options that talk to it in-process: the usual start of an adapter or app test. The
 * redirect URIs are matched exactly, as [RFC 6749 §3.1.2](https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2) requires.
 *
 * @example
 * ```ts
 * const { mock, clientOptions } = createMockSetup({ redirectUris: ['http://localhost:3000/oauth/callback'] })
 * const rw = createRadioWorkflow(clientOptions)
 * const { url, binding } = await rw.startAuthorization({ instanceKey: 'desert-broadcasters' })
 * const callbackUrl = await consentAtMock(mock, url, { instanceKey: 'desert-broadcasters', scopes: ['basic'] })
 * await rw.completeAuthorization(callbackUrl.href, { binding })
 * ```
 */
export function createMockSetup({
  redirectUris = [MOCK_REDIRECT_URI],
  ...mockOptions
}: MockSetupOptions = {}): MockSetup {
  const mock = createMockRadioWorkflow({
    ...mockOptions,
    partners: [{ partnerKey: MOCK_PARTNER_KEY, partnerSecret: MOCK_PARTNER_SECRET, redirectUris }],
  })
  const clientOptions: MockClientOptions = {
    partnerKey: MOCK_PARTNER_KEY,
    partnerSecret: MOCK_PARTNER_SECRET,
    redirectUri: redirectUris[0] ?? MOCK_REDIRECT_URI,
    endpoints: mock.urls,
    scopes: ['basic'],
    fetch: mock.fetch,
  }
  return { mock, clientOptions }
}

/**
 * Plays the browser at the mock's authorize endpoint with auto-consent set to `consent`, and
 * returns the callback URL the mock redirects to (carrying `code` and `state`, or `error` when
 * `consent.deny` is set), per [RFC 6749 §4.1.2](https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2).
 * The auto-consent stays set afterwards, as `mock.setAutoConsent` leaves it.
 *
 * @example
 * ```ts
 * const { url, binding } = await rw.startAuthorization({ instanceKey: 'desert-broadcasters' })
 * const callbackUrl = await consentAtMock(mock, url, { instanceKey: 'desert-broadcasters', scopes: ['basic'] })
 * await rw.completeAuthorization(callbackUrl.href, { binding })
 * ```
 */
export async function consentAtMock(
  mock: MockRadioWorkflow,
  authorizeUrl: string | URL,
  consent: MockAutoConsent,
): Promise<URL> {
  mock.setAutoConsent(consent)
  const response = await mock.fetch(authorizeUrl)
  const location = response.headers.get('location')
  if (response.status !== 302 || location === null) {
    throw new Error(
      `The mock's authorize endpoint answered HTTP ${response.status} instead of redirecting to the callback: pass the authorize URL the client built, with a redirect URI the mock registers.`,
    )
  }
  return new URL(location)
}
