import { ConfigurationError, StoreError } from './errors'

/**
 * Default cap on outstanding pending authorizations per store (`maxPendingAuthorizations`): far above what
 * real sign-ins reach within the 10-minute lifetime, low enough that an unauthenticated flood of logins
 * cannot grow the store without bound.
 */
export const DEFAULT_MAX_PENDING_AUTHORIZATIONS = 10_000

/**
 * Checks a `maxPendingAuthorizations` option.
 *
 * @example
 * const cap = readPendingAuthorizationCap(options.maxPendingAuthorizations)
 */
export function readPendingAuthorizationCap(value: unknown = DEFAULT_MAX_PENDING_AUTHORIZATIONS): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigurationError(
      'maxPendingAuthorizations',
      `maxPendingAuthorizations must be a whole number ≥ 1 (default ${DEFAULT_MAX_PENDING_AUTHORIZATIONS}).`,
    )
  }
  return value
}

/**
 * The error a store throws when a new login would exceed its cap (HTTP 503: try again later).
 *
 * @example
 * if (outstanding >= cap) throw createPendingCapError(cap)
 */
export function createPendingCapError(cap: number): StoreError {
  return new StoreError(
    'store_unavailable',
    `${cap} authorizations are already in progress (the store's maxPendingAuthorizations): try again once some complete or expire, rate-limit the login route, or raise the cap.`,
  )
}
