import { encodeBase64Url } from 'hono/utils/encode'
import type { MockRadioWorkflow, MockUserKind } from '../../src/index'
import { MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET, MOCK_REDIRECT_URI } from '../../src/index'

/** RFC 6749 §2.3.1: form-urlencode, then Basic. */
export function createBasicAuthorization(id = MOCK_PARTNER_KEY, secret = MOCK_PARTNER_SECRET): string {
  const encode = (value: string) => encodeURIComponent(value).replaceAll('%20', '+')
  return `Basic ${btoa(`${encode(id)}:${encode(secret)}`)}`
}

export const TEST_CODE_VERIFIER = 'test-verifier-0123456789-abcdefghijklmnopqrstuvwxyz'

export async function computeTestChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return encodeBase64Url(digest).replace(/=+$/, '')
}

export interface CodeRequest {
  readonly instanceKey?: string
  readonly scopes?: readonly string[]
  readonly user?: MockUserKind
  readonly codeVerifier?: string | null
  readonly redirectUri?: string
}

/** Runs the authorize step in auto-consent mode and returns the code from the redirect. */
export async function obtainAuthorizationCode(mock: MockRadioWorkflow, request: CodeRequest = {}): Promise<string> {
  const {
    instanceKey = 'desert-broadcasters',
    scopes = ['basic'],
    user = 'super',
    codeVerifier = TEST_CODE_VERIFIER,
  } = request
  mock.setAutoConsent({ instanceKey, user })
  const url = new URL(mock.urls.authorize)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', MOCK_PARTNER_KEY)
  url.searchParams.set('redirect_uri', request.redirectUri ?? MOCK_REDIRECT_URI)
  url.searchParams.set('scope', scopes.join(' '))
  url.searchParams.set('state', 'test-state')
  if (codeVerifier !== null) {
    url.searchParams.set('code_challenge', await computeTestChallenge(codeVerifier))
    url.searchParams.set('code_challenge_method', 'S256')
  }
  const response = await mock.fetch(url)
  const location = new URL(response.headers.get('location') ?? 'http://invalid/')
  const code = location.searchParams.get('code')
  if (response.status !== 302 || code === null) throw new Error(`authorize did not redirect with a code: ${location}`)
  return code
}

/** POSTs a form to the token or refresh endpoint with Basic authentication. */
export function postTokenForm(
  mock: MockRadioWorkflow,
  endpoint: 'token' | 'refresh',
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return mock.fetch(mock.urls[endpoint], {
    method: 'POST',
    headers: {
      authorization: createBasicAuthorization(),
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(params),
  })
}

export interface TokenPair {
  readonly access_token: string
  readonly refresh_token?: string
  readonly expires_in: number
  readonly token_type: string
  readonly scope: string
}

export async function connectInstance(mock: MockRadioWorkflow, request: CodeRequest = {}): Promise<TokenPair> {
  const code = await obtainAuthorizationCode(mock, request)
  const response = await postTokenForm(mock, 'token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: request.redirectUri ?? MOCK_REDIRECT_URI,
    ...(request.codeVerifier === null ? {} : { code_verifier: request.codeVerifier ?? TEST_CODE_VERIFIER }),
  })
  if (response.status !== 200) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`)
  return (await response.json()) as TokenPair
}

export async function refreshTokens(mock: MockRadioWorkflow, refreshToken: string): Promise<Response> {
  return postTokenForm(mock, 'refresh', { grant_type: 'refresh_token', refresh_token: refreshToken })
}
