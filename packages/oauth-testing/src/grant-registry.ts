import type { MockCounters } from './mock-counters'
import type { MockSettings } from './mock-settings'
import { computeCodeChallenge, isValidCodeVerifier } from './pkce'
import { createRandomToken } from './random-token'

/** RFC 6749 §5.1 success body, exactly the documented Radio Workflow shape. */
export interface TokenResponseBody {
  readonly access_token: string
  readonly expires_in: number
  readonly token_type: 'Bearer'
  readonly scope: string
  readonly refresh_token?: string
}

/** An RFC 6749 §5.2 error decided by the registry; the route turns it into a response. */
export interface GrantError {
  readonly error: 'invalid_grant' | 'invalid_request' | 'invalid_scope'
  readonly description: string
}

export type GrantOutcome =
  | { readonly ok: true; readonly body: TokenResponseBody; readonly instanceKey: string }
  | ({ readonly ok: false } & GrantError)

/** One token a mock handed out, for tests that check no token leaked anywhere. */
export interface IssuedToken {
  readonly kind: 'access_token' | 'refresh_token'
  readonly value: string
  readonly instanceKey: string
  readonly grantId: string
  readonly issuedAt: number
}

export interface AccessTokenEntry {
  readonly grantId: string
  readonly instanceKey: string
  readonly scopes: readonly string[]
  expiresAt: number
}

interface AuthorizationCodeEntry {
  readonly partnerKey: string
  readonly redirectUri: string
  readonly codeChallenge: string | null
  readonly instanceKey: string
  readonly scopes: readonly string[]
  readonly expiresAt: number
  used: boolean
  grantId: string | null
}

interface Grant {
  readonly id: string
  readonly partnerKey: string
  readonly instanceKey: string
  readonly scopes: readonly string[]
  revoked: boolean
  currentRefreshToken: string | null
}

interface RefreshTokenEntry {
  readonly grantId: string
  rotatedAt: number | null
  /** The response that replaced this token, replayed inside the grace window. */
  successor: TokenResponseBody | null
}

export interface NewAuthorizationCode {
  readonly partnerKey: string
  readonly redirectUri: string
  readonly codeChallenge: string | null
  readonly instanceKey: string
  readonly scopes: readonly string[]
}

const invalidGrant = (description: string): GrantOutcome => ({ ok: false, error: 'invalid_grant', description })

/** Authorization codes, grants and tokens of one mock server, all in memory. */
export class GrantRegistry {
  readonly #codes = new Map<string, AuthorizationCodeEntry>()
  readonly #grants = new Map<string, Grant>()
  readonly #accessTokens = new Map<string, AccessTokenEntry>()
  readonly #refreshTokens = new Map<string, RefreshTokenEntry>()
  readonly #issued: IssuedToken[] = []

  constructor(
    private readonly settings: MockSettings,
    private readonly counters: MockCounters,
    private readonly now: () => number,
  ) {}

  createAuthorizationCode(input: NewAuthorizationCode): string {
    const code = createRandomToken('rwac_')
    this.#codes.set(code, {
      partnerKey: input.partnerKey,
      redirectUri: input.redirectUri,
      codeChallenge: input.codeChallenge,
      instanceKey: input.instanceKey,
      scopes: input.scopes,
      expiresAt: this.now() + this.settings.authorizationCodeLifetimeSeconds * 1000,
      used: false,
      grantId: null,
    })
    this.counters.codesIssued++
    return code
  }

  async exchangeCode(input: {
    partnerKey: string
    code: string
    redirectUri: string | null
    codeVerifier: string | null
  }): Promise<GrantOutcome> {
    const entry = this.#codes.get(input.code)
    if (entry === undefined) return invalidGrant('The authorization code is unknown.')
    if (entry.partnerKey !== input.partnerKey)
      return invalidGrant('The authorization code was issued to another client.')
    if (entry.used) {
      // RFC 6749 §4.1.2: a reused code SHOULD revoke every token issued from it.
      if (entry.grantId !== null) this.#revokeGrant(entry.grantId)
      this.counters.reuseDetected++
      return invalidGrant('The authorization code was already used; the tokens issued from it are revoked.')
    }
    if (this.now() >= entry.expiresAt) return invalidGrant('The authorization code has expired.')
    // RFC 6749 §4.1.3: redirect_uri is required and must be identical to the one the code was issued for.
    if (input.redirectUri !== entry.redirectUri) {
      return invalidGrant('redirect_uri does not match the one used in the authorization request.')
    }
    if (entry.codeChallenge === null && input.codeVerifier !== null) {
      return invalidGrant('code_verifier sent but the authorization request had no code_challenge.')
    }
    if (entry.codeChallenge !== null) {
      if (input.codeVerifier === null) return invalidGrant('code_verifier is required: the code is PKCE-bound.')
      if (!isValidCodeVerifier(input.codeVerifier)) {
        return {
          ok: false,
          error: 'invalid_request',
          description: 'code_verifier must be 43-128 unreserved characters.',
        }
      }
      if ((await computeCodeChallenge(input.codeVerifier)) !== entry.codeChallenge) {
        return invalidGrant('code_verifier does not match the code_challenge.')
      }
    }
    // Re-check after the await: a concurrent exchange of the same code may have won.
    if (entry.used) return this.exchangeCode(input)
    entry.used = true
    const grant: Grant = {
      id: createRandomToken('grant_'),
      partnerKey: entry.partnerKey,
      instanceKey: entry.instanceKey,
      scopes: entry.scopes,
      revoked: false,
      currentRefreshToken: null,
    }
    this.#grants.set(grant.id, grant)
    entry.grantId = grant.id
    return { ok: true, body: this.#issueTokens(grant, grant.scopes, true), instanceKey: grant.instanceKey }
  }

  refresh(input: { partnerKey: string; refreshToken: string; scope: string | null }): GrantOutcome {
    const entry = this.#refreshTokens.get(input.refreshToken)
    const grant = entry === undefined ? undefined : this.#grants.get(entry.grantId)
    if (entry === undefined || grant === undefined) return invalidGrant('The refresh token is unknown.')
    if (grant.partnerKey !== input.partnerKey) return invalidGrant('The refresh token was issued to another client.')
    if (grant.revoked) return invalidGrant('The grant was revoked: the user must authorize again.')
    if (entry.rotatedAt !== null) {
      const successorIsCurrent = entry.successor?.refresh_token === grant.currentRefreshToken
      if (entry.successor !== null && successorIsCurrent && this.now() - entry.rotatedAt < this.settings.reuseGraceMs) {
        this.counters.graceReplays++
        return { ok: true, body: entry.successor, instanceKey: grant.instanceKey }
      }
      // OAuth 2.0 Security BCP (RFC 9700 §4.14.2): a replayed rotated token revokes the whole grant.
      this.#revokeGrant(grant.id)
      this.counters.reuseDetected++
      return invalidGrant('The refresh token was already used; the grant is revoked.')
    }
    let scopes = grant.scopes
    if (input.scope !== null) {
      const requested = input.scope.split(' ').filter((scope) => scope !== '')
      if (requested.some((scope) => !grant.scopes.includes(scope))) {
        return { ok: false, error: 'invalid_scope', description: 'scope exceeds the scope originally granted.' }
      }
      scopes = requested
    }
    const rotate = this.settings.rotateRefreshTokens
    const body = this.#issueTokens(grant, scopes, rotate)
    if (rotate) {
      entry.rotatedAt = this.now()
      entry.successor = body
    }
    return {
      ok: true,
      instanceKey: grant.instanceKey,
      body:
        rotate || !this.settings.refreshResponseIncludesRefreshToken
          ? body
          : { ...body, refresh_token: input.refreshToken },
    }
  }

  /** A grant as if a user had consented and the code been exchanged: the exchange's token response. */
  seedGrant(input: { partnerKey: string; instanceKey: string; scopes: readonly string[] }): TokenResponseBody {
    const grant: Grant = {
      id: createRandomToken('grant_'),
      partnerKey: input.partnerKey,
      instanceKey: input.instanceKey,
      scopes: [...input.scopes],
      revoked: false,
      currentRefreshToken: null,
    }
    this.#grants.set(grant.id, grant)
    return this.#issueTokens(grant, grant.scopes, true)
  }

  /** The access token's entry when it is known, unexpired and its grant not revoked. */
  findActiveAccessToken(token: string): AccessTokenEntry | null {
    const entry = this.#accessTokens.get(token)
    if (entry === undefined || this.now() >= entry.expiresAt) return null
    return this.#grants.get(entry.grantId)?.revoked === false ? entry : null
  }

  expireAccessTokens(instanceKey: string): number {
    let expired = 0
    for (const entry of this.#accessTokens.values()) {
      if (entry.instanceKey === instanceKey && entry.expiresAt > this.now()) {
        entry.expiresAt = this.now()
        expired++
      }
    }
    return expired
  }

  revokeGrants(instanceKey: string): number {
    let revoked = 0
    for (const grant of this.#grants.values()) {
      if (grant.instanceKey === instanceKey && !grant.revoked) {
        this.#revokeGrant(grant.id)
        revoked++
      }
    }
    return revoked
  }

  issued(): readonly IssuedToken[] {
    return [...this.#issued]
  }

  #revokeGrant(grantId: string): void {
    const grant = this.#grants.get(grantId)
    if (grant !== undefined) grant.revoked = true
  }

  #issueTokens(grant: Grant, scopes: readonly string[], withRefreshToken: boolean): TokenResponseBody {
    const issuedAt = this.now()
    const accessToken = createRandomToken('rwat_')
    const expiresIn = this.settings.accessTokenLifetimeSeconds
    this.#accessTokens.set(accessToken, {
      grantId: grant.id,
      instanceKey: grant.instanceKey,
      scopes,
      expiresAt: issuedAt + expiresIn * 1000,
    })
    this.#issued.push({
      kind: 'access_token',
      value: accessToken,
      instanceKey: grant.instanceKey,
      grantId: grant.id,
      issuedAt,
    })
    const body = {
      access_token: accessToken,
      expires_in: expiresIn,
      token_type: 'Bearer' as const,
      scope: scopes.join(' '),
    }
    if (!withRefreshToken) return body
    const refreshToken = createRandomToken('rwrt_')
    this.#refreshTokens.set(refreshToken, { grantId: grant.id, rotatedAt: null, successor: null })
    grant.currentRefreshToken = refreshToken
    this.#issued.push({
      kind: 'refresh_token',
      value: refreshToken,
      instanceKey: grant.instanceKey,
      grantId: grant.id,
      issuedAt,
    })
    return { ...body, refresh_token: refreshToken }
  }
}
