import { type ConnectionSummary, classifyExpiry, type ExpiryPolicy, type RefreshBackoff } from '@rw/oauth-core'
import type { ConnectionInfo } from './radio-workflow-types'

/** What the SDK tells about a stored connection (a record or a registry summary): everything but the tokens. */
export function describeConnection(
  record: ConnectionSummary & { readonly refreshBackoff?: RefreshBackoff | null },
  now: number,
  policy: ExpiryPolicy,
): ConnectionInfo {
  const backoff = record.refreshBackoff ?? null
  return {
    instanceKey: record.instanceKey,
    status: record.status,
    expiry: classifyExpiry(record, now, policy),
    expiresAt: record.expiresAt,
    version: record.version,
    scopes: [...record.scopes],
    obtainedAt: record.obtainedAt,
    lastRefreshAt: record.lastRefreshAt,
    ...(backoff === null ? {} : { refreshBackoff: backoff }),
  }
}
