import type { GrantRegistry } from './grant-registry'
import { MOCK_SCOPES, type MockInstance, type MockPartner } from './mock-defaults'

/** The tokens of a grant made by `mock.seedGrant`, in the SDK's camelCase. */
export interface SeededGrant {
  readonly accessToken: string
  readonly refreshToken: string
  /** Seconds, as the token response's `expires_in`. */
  readonly expiresIn: number
  readonly scopes: readonly string[]
}

/**
 * Registers a grant without the browser round trip (for benchmarks and fleet tests that need thousands of
 * connections): the instance must be one the mock offers, the scopes documented ones, the partner the first one.
 */
export function seedGrant(
  context: {
    readonly registry: GrantRegistry
    readonly partners: readonly MockPartner[]
    readonly instances: readonly MockInstance[]
  },
  instanceKey: string,
  scopes: readonly string[],
): SeededGrant {
  if (!context.instances.some((instance) => instance.key === instanceKey)) {
    throw new TypeError(`mock.seedGrant: "${instanceKey}" is not one of the mock's instances (option "instances").`)
  }
  const unknown = scopes.find((scope) => !(MOCK_SCOPES as readonly string[]).includes(scope))
  if (scopes.length === 0 || unknown !== undefined) {
    throw new TypeError(`mock.seedGrant: scopes must be a non-empty list of ${MOCK_SCOPES.join(', ')}.`)
  }
  const partner = context.partners[0]!
  const body = context.registry.seedGrant({ partnerKey: partner.partnerKey, instanceKey, scopes })
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token!,
    expiresIn: body.expires_in,
    scopes: body.scope.split(' '),
  }
}
