import { encodeBase64 } from '@oslojs/encoding'
import type { ResolvedConfig } from './config'
import { UsageError } from './errors'
import type { HttpRequest } from './http'
import type { PendingAuthorization } from './pending-authorization'
import { attachRedactedPrinting, redactSecret } from './redact'

/**
 * Code exchange request to the "token" endpoint: form body `grant_type=authorization_code`, `code`,
 * `redirect_uri`, `code_verifier`; `Authorization: Basic` per RFC 6749 §2.3.1 (id and secret
 * form-urlencoded before base64). The secret is never in the URL or body. The returned object
 * prints with the `authorization` header and the body redacted.
 *
 * @example
 * ```ts
 * const request = createTokenRequest(config, { code, pending })
 * const response = await perform(request) // your transport: POST it, do not follow redirects, read the body
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export function createTokenRequest(
  config: ResolvedConfig,
  input: { readonly code: string; readonly pending: PendingAuthorization },
): HttpRequest {
  if (typeof input.code !== 'string' || input.code === '')
    throw new UsageError('code must be the non-empty authorization code from the callback.')
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: input.code })
  if (config.sendRedirectUri) body.set('redirect_uri', input.pending.redirectUri)
  if (input.pending.codeVerifier !== null) body.set('code_verifier', input.pending.codeVerifier)
  return createFormPost(config, config.endpoints.token, body)
}

/**
 * Refresh request to the "refreshToken" endpoint: `grant_type=refresh_token`, `refresh_token`,
 * authenticated like the code exchange and without any access token. RFC 6749 §6.
 *
 * @example
 * ```ts
 * const request = createRefreshRequest(config, { refreshToken: record.refreshToken })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function createRefreshRequest(config: ResolvedConfig, input: { readonly refreshToken: string }): HttpRequest {
  if (typeof input.refreshToken !== 'string' || input.refreshToken === '') {
    throw new UsageError('refreshToken must be a non-empty string; a connection without one must be authorized again.')
  }
  return createFormPost(
    config,
    config.endpoints.refresh,
    new URLSearchParams({ grant_type: 'refresh_token', refresh_token: input.refreshToken }),
  )
}

/**
 * `Basic base64(formEncode(id) ":" formEncode(secret))`. RFC 6749 §2.3.1 requires the
 * application/x-www-form-urlencoded encoding of each part first; URLSearchParams is exactly that
 * serializer (space becomes `+`), and base64 comes from @oslojs/encoding because `btoa` rejects
 * non-Latin-1 text.
 *
 * @example
 * ```ts
 * createBasicAuthorization('my key', 'p@ss') // 'Basic bXkra2V5OnAlNDBzcw=='
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function createBasicAuthorization(clientId: string, clientSecret: string): string {
  const credentials = `${encodeFormComponent(clientId)}:${encodeFormComponent(clientSecret)}`
  return `Basic ${encodeBase64(new TextEncoder().encode(credentials))}`
}

function encodeFormComponent(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice('v='.length)
}

function createFormPost(config: ResolvedConfig, url: string, body: URLSearchParams): HttpRequest {
  const request: HttpRequest = {
    method: 'POST',
    url,
    headers: Object.freeze({
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: createBasicAuthorization(config.partnerKey, config.partnerSecret),
    }),
    body: body.toString(),
  }
  return Object.freeze(
    attachRedactedPrinting(request, 'HttpRequest', (r) => ({
      method: r.method,
      url: r.url,
      headers: { ...r.headers, authorization: redactSecret(r.headers.authorization) },
      body: redactSecret(r.body),
    })),
  )
}
