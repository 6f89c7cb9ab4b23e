import { Hono } from 'hono'
import { renderAuthorizationErrorPage, renderConsentPage } from './consent-page'
import type { MockContext } from './mock-context'
import { MOCK_SCOPES, type MockPartner, type MockUserKind } from './mock-defaults'
import { isValidCodeChallenge } from './pkce'
import { createRandomToken } from './random-token'

export const AUTHORIZE_PATH = '/app/listeners/authorize'

// A consent page left open longer than this must be reloaded.
const CONSENT_REQUEST_LIFETIME_MS = 10 * 60 * 1000

/** A validated authorization request waiting for the user's decision. */
interface AuthorizationRequest {
  readonly partner: MockPartner
  readonly redirectUri: string
  readonly state: string
  readonly scopes: readonly string[]
  readonly codeChallenge: string | null
  readonly expiresAt: number
}

interface ConsentDecision {
  readonly instanceKey: string
  readonly user: MockUserKind
  readonly scopes: readonly string[]
  readonly deny: boolean
}

type Validation =
  | { readonly kind: 'valid'; readonly request: AuthorizationRequest }
  | { readonly kind: 'page'; readonly message: string }
  | { readonly kind: 'redirect'; readonly location: string }

function buildRedirect(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri)
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value)
  return url.toString()
}

function validateAuthorizationRequest(context: MockContext, query: URLSearchParams): Validation {
  for (const name of new Set(query.keys())) {
    if (query.getAll(name).length > 1) return { kind: 'page', message: `Parameter "${name}" is repeated.` }
  }
  const partner = context.partners.find((candidate) => candidate.partnerKey === query.get('client_id'))
  if (partner === undefined) return { kind: 'page', message: 'Unknown client_id: no partner with this PartnerKey.' }
  const givenRedirectUri = query.get('redirect_uri')
  const redirectUri = givenRedirectUri ?? (partner.redirectUris.length === 1 ? partner.redirectUris[0] : undefined)
  if (redirectUri === undefined || !partner.redirectUris.includes(redirectUri)) {
    return { kind: 'page', message: 'redirect_uri is missing or not registered for this partner.' }
  }
  const state = query.get('state')
  const fail = (error: string, description: string): Validation => ({
    kind: 'redirect',
    location: buildRedirect(redirectUri, { error, error_description: description, state }),
  })
  if (query.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code.')
  if (state === null || state === '') return fail('invalid_request', 'state is required.')
  const scopes = (query.get('scope') ?? '').split(' ').filter((scope) => scope !== '')
  if (scopes.length === 0) return fail('invalid_scope', 'scope is required.')
  const unknown = scopes.find((scope) => !(MOCK_SCOPES as readonly string[]).includes(scope))
  if (unknown !== undefined) return fail('invalid_scope', `Unknown scope "${unknown}".`)
  const codeChallenge = query.get('code_challenge')
  const method = query.get('code_challenge_method')
  if (codeChallenge === null && method !== null)
    return fail('invalid_request', 'code_challenge_method without code_challenge.')
  if (codeChallenge !== null && method !== 'S256')
    return fail('invalid_request', 'Only code_challenge_method=S256 is supported.')
  if (codeChallenge !== null && !isValidCodeChallenge(codeChallenge)) {
    return fail('invalid_request', 'code_challenge must be a base64url SHA-256 digest.')
  }
  return {
    kind: 'valid',
    request: {
      partner,
      redirectUri,
      state,
      scopes: [...new Set(scopes)],
      codeChallenge,
      expiresAt: context.now() + CONSENT_REQUEST_LIFETIME_MS,
    },
  }
}

/**
 * Applies the user's decision. The user can only narrow the requested scopes; `dubbed`
 * granted by a normal user is dropped (a server may grant less than requested, RFC 6749 §3.3),
 * and when nothing is left the answer is `access_denied`.
 */
function decideConsent(context: MockContext, request: AuthorizationRequest, decision: ConsentDecision): Response {
  const redirect = (params: Record<string, string>) =>
    new Response(null, { status: 302, headers: { location: buildRedirect(request.redirectUri, params) } })
  if (decision.deny) return redirect({ error: 'access_denied', state: request.state })
  if (!context.instances.some((instance) => instance.key === decision.instanceKey)) {
    return new Response('Unknown instance.', { status: 400 })
  }
  const granted = request.scopes.filter(
    (scope) => decision.scopes.includes(scope) && (scope !== 'dubbed' || decision.user === 'super'),
  )
  if (granted.length === 0) {
    return redirect({ error: 'access_denied', error_description: 'No scope was granted.', state: request.state })
  }
  const code = context.registry.createAuthorizationCode({
    partnerKey: request.partner.partnerKey,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    instanceKey: decision.instanceKey,
    scopes: granted,
  })
  return redirect({ code, state: request.state })
}

/** GET shows the consent page (or decides at once in auto-consent mode); POST receives the form. */
export function createAuthorizeRoutes(context: MockContext): Hono {
  const pending = new Map<string, AuthorizationRequest>()
  return new Hono()
    .get(AUTHORIZE_PATH, (c) => {
      context.counters.authorize++
      const validation = validateAuthorizationRequest(context, new URL(c.req.url).searchParams)
      if (validation.kind === 'page') return c.html(renderAuthorizationErrorPage(validation.message), 400)
      if (validation.kind === 'redirect') return c.redirect(validation.location, 302)
      const { request } = validation
      const auto = context.autoConsent
      if (auto !== null) {
        return decideConsent(context, request, {
          instanceKey: auto.instanceKey,
          user: auto.user ?? 'super',
          scopes: auto.scopes ?? request.scopes,
          deny: auto.deny ?? false,
        })
      }
      for (const [id, stale] of pending) if (stale.expiresAt <= context.now()) pending.delete(id)
      const requestId = createRandomToken('consent_')
      pending.set(requestId, request)
      c.header('cache-control', 'no-store')
      return c.html(
        renderConsentPage({
          requestId,
          partnerKey: request.partner.partnerKey,
          redirectUri: request.redirectUri,
          requestedScopes: request.scopes,
          instances: context.instances,
          formAction: AUTHORIZE_PATH,
        }),
      )
    })
    .post(AUTHORIZE_PATH, async (c) => {
      const form = new URLSearchParams(await c.req.text())
      const requestId = form.get('request_id') ?? ''
      const request = pending.get(requestId)
      pending.delete(requestId)
      if (request === undefined || request.expiresAt <= context.now()) {
        return c.html(renderAuthorizationErrorPage('This consent page expired or was already used: start again.'), 400)
      }
      const user = form.get('user')
      return decideConsent(context, request, {
        instanceKey: form.get('instance') ?? '',
        user: user === 'super' ? 'super' : 'normal',
        scopes: form.getAll('scope'),
        deny: form.get('action') !== 'approve',
      })
    })
}
