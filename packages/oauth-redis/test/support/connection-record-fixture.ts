import { type ConnectionRecord, createRedactedConnectionRecord } from '@rw/oauth-core'

/** A record for store-level tests; token values are unique per call so leaks are attributable. */
export function createTestRecord(instanceKey: string, version: number, overrides: Partial<ConnectionRecord> = {}) {
  const stamp = `${version}-${Math.random().toString(36).slice(2)}`
  return createRedactedConnectionRecord({
    instanceKey,
    version,
    status: 'active',
    accessToken: `at-${stamp}`,
    refreshToken: `rt-${stamp}`,
    tokenType: 'Bearer',
    scopes: ['basic'],
    expiresAt: 1_900_000_000_000,
    obtainedAt: 1_800_000_000_000,
    lastRefreshAt: null,
    ...overrides,
  })
}
