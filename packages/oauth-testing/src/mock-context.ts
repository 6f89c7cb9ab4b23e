import type { GrantRegistry } from './grant-registry'
import type { MockCounters } from './mock-counters'
import type { MockInstance, MockPartner, MockUserKind } from './mock-defaults'
import type { MockFaults } from './mock-faults'
import type { MockSettings } from './mock-settings'

/**
 * Programmatic consent: the authorize endpoint answers with the redirect at once instead of
 * the consent page. `user` defaults to `'super'`, `scopes` to the requested ones.
 */
export interface MockAutoConsent {
  readonly instanceKey: string
  readonly user?: MockUserKind
  readonly scopes?: readonly string[]
  readonly deny?: boolean
}

/** Everything the route modules of one mock share. */
export interface MockContext {
  readonly partners: readonly MockPartner[]
  readonly instances: readonly MockInstance[]
  readonly settings: MockSettings
  readonly counters: MockCounters
  readonly faults: MockFaults
  readonly registry: GrantRegistry
  readonly now: () => number
  autoConsent: MockAutoConsent | null
}
