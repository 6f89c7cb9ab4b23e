/** The PartnerKey (`client_id`) the mock registers when no `partners` option is given. */
export const MOCK_PARTNER_KEY = 'mock-partner'

/** The PartnerSecret of {@link MOCK_PARTNER_KEY}. Test-only: never a real secret. */
export const MOCK_PARTNER_SECRET = 'mock-partner-secret'

/** The redirect URI registered for {@link MOCK_PARTNER_KEY}. */
export const MOCK_REDIRECT_URI = 'http://localhost:3000/auth/rw/callback'

/**
 * Base URL of an in-process mock that is not listening. `.localhost` names resolve to the
 * loopback interface, so a request that escapes `mock.fetch` still never leaves the machine.
 */
export const MOCK_DEFAULT_BASE_URL = 'http://rw-mock.localhost'

/** Every scope the Radio Workflow docs list. `dubbed` can only be granted by a Super User. */
export const MOCK_SCOPES = ['basic', 'dubbed', 'edit-settings', 'edit-logs'] as const

/** One of the documented scopes, as {@link MOCK_SCOPES} lists them. */
export type MockScope = (typeof MOCK_SCOPES)[number]

/** A registered partner (OAuth client). */
export interface MockPartner {
  readonly partnerKey: string
  readonly partnerSecret: string
  readonly redirectUris: readonly string[]
}

/** A Radio Workflow instance (tenant) users can connect. */
export interface MockInstance {
  readonly key: string
  readonly name: string
}

/** Which kind of user approves the consent page. Only `super` can grant `dubbed`. */
export type MockUserKind = 'normal' | 'super'

/** A user who can approve the mock's consent page. */
export interface MockUser {
  readonly kind: MockUserKind
  readonly name: string
}

/** The partners the mock registers without a `partners` option: one, with {@link MOCK_PARTNER_KEY}. */
export const MOCK_DEFAULT_PARTNERS: readonly MockPartner[] = [
  { partnerKey: MOCK_PARTNER_KEY, partnerSecret: MOCK_PARTNER_SECRET, redirectUris: [MOCK_REDIRECT_URI] },
]

/** The instances the mock offers without an `instances` option. `desert-broadcasters` is the one examples use. */
export const MOCK_DEFAULT_INSTANCES: readonly MockInstance[] = [
  { key: 'desert-broadcasters', name: 'Desert Broadcasters' },
  { key: 'coastal-fm', name: 'Coastal FM' },
  { key: 'mountain-radio', name: 'Mountain Radio' },
]

/** The users the consent page offers: a normal user and a Super User (only the latter can grant `dubbed`). */
export const MOCK_USERS: readonly MockUser[] = [
  { kind: 'normal', name: 'Nora Normal (user)' },
  { kind: 'super', name: 'Sam Super (Super User)' },
]
