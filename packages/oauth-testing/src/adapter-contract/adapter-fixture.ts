/**
 * The options an adapter contract fixture passes to `createRadioWorkflow` (structurally a subset of
 * `CreateRadioWorkflowOptions`; `@rw/oauth-testing` does not depend on the client).
 */
export interface AdapterContractRadioWorkflowOptions {
  readonly partnerKey: string
  readonly partnerSecret: string
  readonly redirectUri: string
  readonly endpoints: {
    readonly authorize: string
    readonly token: string
    readonly refresh: string
    readonly api: string
  }
  readonly scopes: readonly string[]
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>
  readonly now: () => number
}

/** An app under test that serves the standard surface (`/auth/rw/login`, `/auth/rw/callback`, `/connections/...`). */
export interface AdapterUnderTest {
  /**
   * Sends one request to the app and returns its response unfollowed (redirects are asserted,
   * not followed). `path` is a path with query, e.g. `/auth/rw/login?instance=x`.
   */
  request(
    path: string,
    init?: { readonly method?: string; readonly headers?: Readonly<Record<string, string>> },
  ): Promise<Response>
  close?(): Promise<void>
}

/** Builds a fresh app for one test, configured with `rwOptions` and the in-memory store. */
export type CreateAdapterUnderTest = (input: {
  readonly rwOptions: AdapterContractRadioWorkflowOptions
}) => Promise<AdapterUnderTest>
