import type { ConnectionRecord, PendingAuthorization } from '@rw/oauth-core'

/** A unique prefix per test, so stores shared between runs (one Redis) never see each other's keys. */
export function createUniqueKey(label: string): string {
  const random = crypto.getRandomValues(new Uint32Array(2)).join('')
  return `contract-${random}-${label}`
}

export function createTestRecord(
  instanceKey: string,
  version: number,
  overrides: Partial<ConnectionRecord> = {},
): ConnectionRecord {
  return {
    instanceKey,
    version,
    status: 'active',
    accessToken: `rwat_access-${version}`,
    refreshToken: `rwrt_refresh-${version}`,
    tokenType: 'Bearer',
    scopes: ['basic', 'edit-logs'],
    expiresAt: 1_900_000_000_000 + version,
    obtainedAt: 1_800_000_000_000 + version,
    lastRefreshAt: null,
    ...overrides,
  }
}

export function createTestPending(overrides: Partial<PendingAuthorization> = {}): PendingAuthorization {
  const now = Date.now()
  const stateId = overrides.stateId ?? createUniqueKey('state')
  return {
    stateId,
    state: `state-value-${stateId}`,
    bindingHash: 'x3Xnt1ft5jDNCqERO9ECZhqziCnKUqZCKreChi8mhkY',
    codeVerifier: 'verifier-0123456789-0123456789-0123456789-abc',
    instanceKey: 'desert-broadcasters',
    scopes: ['basic', 'dubbed'],
    returnTo: '/dashboard?tab=logs',
    redirectUri: 'http://localhost:3000/auth/rw/callback',
    createdAt: now,
    expiresAt: now + 10 * 60 * 1000,
    ...overrides,
  }
}

/**
 * Polls `condition` until it holds or `timeoutMs` passes. Used only where real expiry is the
 * point of the test; the bound is generous because CI machines are slow.
 */
export async function waitUntil(
  condition: () => Promise<boolean>,
  description: string,
  { timeoutMs = 10_000, intervalMs = 10 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${description}.`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
