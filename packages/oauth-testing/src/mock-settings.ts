import type { MockInstance, MockPartner } from './mock-defaults'

/**
 * Server behaviour that tests may change while the mock runs (`mock.settings.x = ...`).
 * Every field has the same name as its `createMockRadioWorkflow` option.
 */
export interface MockSettings {
  /** `expires_in` of issued access tokens. Default 3600 (the documented value). */
  accessTokenLifetimeSeconds: number
  /** How long an authorization code can be exchanged. Default 60. */
  authorizationCodeLifetimeSeconds: number
  /** Issue a new refresh token on every refresh and invalidate the old one. Default `true`. */
  rotateRefreshTokens: boolean
  /**
   * Only with `rotateRefreshTokens: false`: repeat the unchanged refresh token in refresh
   * responses (`true`) or omit it (`false`, default; clients must keep the old one).
   */
  refreshResponseIncludesRefreshToken: boolean
  /**
   * Within this many milliseconds after a rotation, presenting the rotated refresh token again
   * returns the same new pair instead of revoking the grant. Default 0 (no grace).
   */
  reuseGraceMs: number
}

/** Options of {@link createMockRadioWorkflow}. */
export interface MockRadioWorkflowOptions extends Partial<MockSettings> {
  /** Registered partners. Default: one partner with `MOCK_PARTNER_KEY`/`MOCK_PARTNER_SECRET`/`MOCK_REDIRECT_URI`. */
  readonly partners?: readonly MockPartner[]
  /** Instances users can connect. Default: `MOCK_DEFAULT_INSTANCES`. */
  readonly instances?: readonly MockInstance[]
  /** Origin the in-process `mock.fetch` serves. Default `MOCK_DEFAULT_BASE_URL`. Replaced by the real URL on `listen`. */
  readonly baseUrl?: string
  /** Clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number
}

export function createMockSettings(options: MockRadioWorkflowOptions): MockSettings {
  return {
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
    authorizationCodeLifetimeSeconds: options.authorizationCodeLifetimeSeconds ?? 60,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    refreshResponseIncludesRefreshToken: options.refreshResponseIncludesRefreshToken ?? false,
    reuseGraceMs: options.reuseGraceMs ?? 0,
  }
}
