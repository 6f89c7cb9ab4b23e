import { Hono } from 'hono'
import { authenticatePartner } from './client-authentication'
import type { GrantOutcome } from './grant-registry'
import { createLostResponse } from './lost-response'
import type { MockContext } from './mock-context'
import type { MockPartner } from './mock-defaults'
import { delay, type MockTokenEndpoint, type MockTokenFault, pickLatencyMs, takeNextTokenFault } from './mock-faults'
import { createOAuthErrorResponse, createTokenSuccessResponse, type OAuthErrorCode } from './oauth-error-response'

// Parameters that must never travel in a URL (RFC 6749 §2.3.1, §3.2).
const FORBIDDEN_QUERY_PARAMETERS = ['client_id', 'code', 'code_verifier', 'refresh_token', 'redirect_uri', 'grant_type']

type GrantHandler = (partner: MockPartner, params: URLSearchParams) => Promise<GrantOutcome> | GrantOutcome

function createFaultResponse(fault: Exclude<MockTokenFault, { kind: 'lose_response_after_rotation' }>): Response {
  switch (fault.kind) {
    case 'html5xx': {
      const status = fault.status ?? 502
      return new Response(`<!doctype html><html><body><h1>${status} Bad Gateway</h1></body></html>`, {
        status,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      })
    }
    case 'invalid_grant':
      return createOAuthErrorResponse('invalid_grant', 'Injected fault: the grant is invalid.')
    case 'status':
      return new Response(fault.body ?? '', {
        status: fault.status,
        headers: { ...fault.headers, 'content-type': fault.contentType ?? 'application/json' },
      })
    case 'lose_request':
      return createLostResponse()
  }
}

function readSingleValuedForm(body: string): URLSearchParams | string {
  const params = new URLSearchParams(body)
  for (const name of new Set(params.keys())) {
    // RFC 6749 §3.2: request parameters MUST NOT be included more than once.
    if (params.getAll(name).length > 1) return `Parameter "${name}" is repeated.`
  }
  return params
}

/**
 * Shared pipeline of both endpoints: latency, canned faults, client authentication
 * (Basic only, RFC 6749 §2.3.1), body format, then the grant-specific handler.
 */
function createTokenEndpointHandler(
  context: MockContext,
  endpoint: MockTokenEndpoint,
  grantType: string,
  handleGrant: GrantHandler,
) {
  const { counters, faults } = context
  const reject = (error: OAuthErrorCode, description: string) => {
    if (error === 'invalid_grant') counters.invalidGrant++
    if (error === 'invalid_client') counters.invalidClient++
    return createOAuthErrorResponse(error, description)
  }
  // Requests this endpoint is handling now; not a counter, so resetCounters() mid-flight cannot skew it.
  let inFlight = 0
  return async function handleTokenEndpoint(request: Request): Promise<Response> {
    if (endpoint === 'token') counters.tokenRequests++
    else counters.refreshRequests++
    inFlight++
    if (endpoint === 'refresh') {
      counters.peakConcurrentRefreshRequests = Math.max(counters.peakConcurrentRefreshRequests, inFlight)
    }
    try {
      return await answerTokenRequest(request)
    } finally {
      inFlight--
    }
  }

  async function answerTokenRequest(request: Request): Promise<Response> {
    await delay(pickLatencyMs(faults.latencyMs), request.signal)
    const fault = takeNextTokenFault(faults, endpoint)
    if (fault !== undefined) counters.faultsInjected++
    if (fault !== undefined && fault.kind !== 'lose_response_after_rotation') {
      if (fault.kind === 'invalid_grant') counters.invalidGrant++
      return createFaultResponse(fault)
    }
    const query = new URL(request.url).searchParams
    if (query.has('client_secret')) {
      counters.secretInQuery++
      return reject('invalid_request', 'The client secret must never be sent in a URL: use HTTP Basic authentication.')
    }
    const misplaced = FORBIDDEN_QUERY_PARAMETERS.find((name) => query.has(name))
    if (misplaced !== undefined) {
      return reject('invalid_request', `Parameter "${misplaced}" must be sent in the form-encoded body, not the URL.`)
    }
    const partner = authenticatePartner(request, context.partners)
    if (partner === null) {
      return reject(
        'invalid_client',
        'Client authentication failed: send Authorization: Basic PartnerKey:PartnerSecret.',
      )
    }
    const contentType = request.headers.get('content-type') ?? ''
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) {
      return reject('invalid_request', 'The body must be application/x-www-form-urlencoded.')
    }
    const params = readSingleValuedForm(await request.text())
    if (typeof params === 'string') return reject('invalid_request', params)
    if (params.has('client_secret') || params.has('client_id')) {
      return reject('invalid_request', 'Client credentials belong in the Authorization: Basic header only.')
    }
    const receivedGrantType = params.get('grant_type')
    if (receivedGrantType === null) return reject('invalid_request', 'grant_type is required.')
    if (receivedGrantType !== grantType) {
      return reject('unsupported_grant_type', `This endpoint accepts grant_type=${grantType} only.`)
    }
    const outcome = await handleGrant(partner, params)
    if (fault?.kind === 'lose_response_after_rotation') return createLostResponse()
    return outcome.ok ? createTokenSuccessResponse(outcome.body) : reject(outcome.error, outcome.description)
  }
}

/** POST `/oauth/token` (code exchange) and POST `/oauth/refreshToken` (refresh). */
export function createTokenRoutes(context: MockContext): Hono {
  const { counters, registry } = context
  const exchangeCode = createTokenEndpointHandler(context, 'token', 'authorization_code', async (partner, params) => {
    const code = params.get('code')
    if (code === null) return { ok: false, error: 'invalid_request', description: 'code is required.' }
    const outcome = await registry.exchangeCode({
      partnerKey: partner.partnerKey,
      code,
      redirectUri: params.get('redirect_uri'),
      codeVerifier: params.get('code_verifier'),
    })
    if (outcome.ok) counters.tokenSuccesses++
    return outcome
  })
  const refresh = createTokenEndpointHandler(context, 'refresh', 'refresh_token', (partner, params) => {
    const refreshToken = params.get('refresh_token')
    if (refreshToken === null) return { ok: false, error: 'invalid_request', description: 'refresh_token is required.' }
    const outcome = registry.refresh({ partnerKey: partner.partnerKey, refreshToken, scope: params.get('scope') })
    if (outcome.ok) {
      counters.refreshSuccesses++
      counters.refreshesByInstance[outcome.instanceKey] = (counters.refreshesByInstance[outcome.instanceKey] ?? 0) + 1
    }
    return outcome
  })
  return new Hono()
    .post('/oauth/token', (c) => exchangeCode(c.req.raw))
    .post('/oauth/refreshToken', (c) => refresh(c.req.raw))
    .on(['GET', 'PUT', 'PATCH', 'DELETE'], ['/oauth/token', '/oauth/refreshToken'], (c) =>
      c.json({ error: 'invalid_request', error_description: 'Use POST.' }, 405, { allow: 'POST' }),
    )
}
