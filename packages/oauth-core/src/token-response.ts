import { TokenEndpointError, TokenResponseError } from './errors'
import type { HttpResponse } from './http'
import { createTokenSet, type TokenSet } from './token-set'
import { isTokenText } from './token-syntax'

/**
 * What processing a token response needs besides the response: the clock and what was asked for.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export interface TokenResponseContext {
  /** Current time, epoch ms: `expiresAt` is `now + expires_in`. */
  readonly now: number
  /** Scopes asked for; used when the response omits `scope` (RFC 6749 §5.1). */
  readonly requestedScopes: readonly string[]
  /** For refreshes: kept when the response has no `refresh_token` (non-rotating servers). */
  readonly previousRefreshToken?: string | null
}

/** Lifetime assumed when `expires_in` is absent: the value Radio Workflow documents. */
export const DEFAULT_EXPIRES_IN_SECONDS = 3600
/** Longer lifetimes are treated as a broken response rather than trusted for a year. */
export const MAX_EXPIRES_IN_SECONDS = 365 * 24 * 3600

/** RFC 6749 §5.1 success body; wire names stay here. */
interface TokenResponseWire {
  readonly access_token?: unknown
  readonly token_type?: unknown
  readonly expires_in?: unknown
  readonly scope?: unknown
  readonly refresh_token?: unknown
  readonly error?: unknown
}

const ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,128}$/

/**
 * Parses a token endpoint response. RFC 6749 §5.1 success → `TokenSet`; §5.2 error bodies →
 * `TokenEndpointError` with the `error` code; anything else (HTML page, non-JSON, missing
 * `access_token`, non-Bearer, absurd lifetime) → `TokenResponseError`.
 *
 * Leniencies, chosen because Radio Workflow documents only the happy path: the content type is
 * not trusted (the body is parsed as JSON whatever it says); `token_type` is case-insensitive and
 * an absent one is taken as `Bearer` (the only type Radio Workflow issues); `expires_in` may be a
 * numeric string and defaults to {@link DEFAULT_EXPIRES_IN_SECONDS} when absent; an absent
 * `scope` means the requested scopes; an absent or empty `refresh_token` keeps
 * `previousRefreshToken` (non-rotating refresh). Messages carry the status and content type only,
 * never the body.
 *
 * @example
 * ```ts
 * const tokens = processTokenResponse(
 *   { status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":"…","token_type":"Bearer","expires_in":3600}' },
 *   { now, requestedScopes: ['basic'] },
 * )
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function processTokenResponse(response: HttpResponse, context: TokenResponseContext): TokenSet {
  const { status } = response
  const wire = parseBody(response)
  const isSuccess = status >= 200 && status < 300
  if (!isSuccess || wire.error !== undefined) throw createEndpointError(status, wire)

  const accessToken = wire.access_token
  if (!isTokenText(accessToken)) {
    throw new TokenResponseError(status, `The token endpoint answered ${status} without a usable access_token.`)
  }
  if (
    wire.token_type !== undefined &&
    (typeof wire.token_type !== 'string' || wire.token_type.toLowerCase() !== 'bearer')
  ) {
    throw new TokenResponseError(
      status,
      'The token endpoint issued a token_type other than Bearer, which the SDK cannot use.',
    )
  }
  const expiresInSeconds = readExpiresIn(status, wire.expires_in)
  return createTokenSet({
    accessToken,
    refreshToken: readRefreshToken(status, wire.refresh_token) ?? context.previousRefreshToken ?? null,
    tokenType: 'Bearer',
    scopes: readScopes(status, wire.scope) ?? context.requestedScopes,
    expiresAt: context.now + expiresInSeconds * 1000,
    obtainedAt: context.now,
  })
}

function parseBody(response: HttpResponse): TokenResponseWire {
  const { status } = response
  const contentType = describeContentType(response.headers['content-type'])
  const text = typeof response.body === 'string' ? response.body.trim() : ''
  if (text.startsWith('<')) {
    throw new TokenResponseError(
      status,
      `The token endpoint answered an HTML page with status ${status} instead of JSON: check the endpoint URL from the Partner Portal.`,
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new TokenResponseError(
      status,
      `The token endpoint answered status ${status} with a body that is not JSON (content type ${contentType}).`,
    )
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TokenResponseError(
      status,
      `The token endpoint answered status ${status} with JSON that is not an object.`,
    )
  }
  return parsed as TokenResponseWire
}

function createEndpointError(status: number, wire: TokenResponseWire): Error {
  const error = wire.error
  if (typeof error !== 'string' || !ERROR_CODE.test(error)) {
    return new TokenResponseError(status, `The token endpoint answered status ${status} without an OAuth error code.`)
  }
  const shown = /^[\w.-]+$/.test(error) ? `"${error}"` : 'an error'
  return new TokenEndpointError(
    error,
    status,
    `The token endpoint rejected the request with ${shown} (status ${status}).${hintFor(error)}`,
  )
}

function hintFor(error: string): string {
  switch (error) {
    case 'invalid_client':
      return ' Check partnerKey and partnerSecret against the Partner Portal.'
    case 'invalid_grant':
      return ' The code or refresh token is invalid, expired, already used, or was revoked.'
    case 'invalid_scope':
      return ' A requested scope was refused.'
    default:
      return ''
  }
}

function readExpiresIn(status: number, value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_EXPIRES_IN_SECONDS
  const seconds = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_EXPIRES_IN_SECONDS) {
    throw new TokenResponseError(
      status,
      `The token endpoint answered an expires_in that is not a number of seconds between 1 and ${MAX_EXPIRES_IN_SECONDS}.`,
    )
  }
  return seconds
}

function readRefreshToken(status: number, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null
  if (!isTokenText(value)) {
    throw new TokenResponseError(status, 'The token endpoint answered a refresh_token that is not a token string.')
  }
  return value
}

function readScopes(status: number, value: unknown): readonly string[] | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') {
    throw new TokenResponseError(status, 'The token endpoint answered a scope that is not a space-delimited string.')
  }
  const scopes = value.split(' ').filter((scope) => scope !== '')
  return scopes.length === 0 ? null : scopes
}

function describeContentType(value: string | undefined): string {
  if (value === undefined || value === '') return 'none'
  const mediaType = value.split(';')[0]?.trim() ?? ''
  return /^[\w.+-]+\/[\w.+-]+$/.test(mediaType) ? mediaType : 'unrecognized'
}
