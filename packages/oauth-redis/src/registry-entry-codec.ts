import type { ConnectionSummary, StoredConnectionStatus } from '@rw/oauth-core'

const STATUSES: ReadonlySet<string> = new Set<StoredConnectionStatus>([
  'active',
  'refresh_outcome_unknown',
  'reauthorization_required',
])

/**
 * An index entry: `status|version|expiresAt|obtainedAt|lastRefreshAt|scopes-JSON` (`lastRefreshAt` empty
 * when null). Plain text without tokens, status first so the count script reads it with one pattern.
 * The record itself may be encrypted, so the entry is computed here and passed to the script as ARGV.
 */
export function encodeRegistryEntry(summary: ConnectionSummary): string {
  const { status, version, expiresAt, obtainedAt, lastRefreshAt, scopes } = summary
  return `${status}|${version}|${expiresAt}|${obtainedAt}|${lastRefreshAt ?? ''}|${JSON.stringify(scopes)}`
}

/** The summary an entry encodes, or `null` when the entry is malformed (`repairRegistry` rewrites it). */
export function decodeRegistryEntry(instanceKey: string, entry: string): ConnectionSummary | null {
  const fields = entry.split('|')
  if (fields.length < 6) return null
  const [status, version, expiresAt, obtainedAt, lastRefreshAt] = fields as [string, string, string, string, string]
  // Scopes are JSON and may themselves contain `|`.
  const scopes = parseScopes(fields.slice(5).join('|'))
  const summary = {
    instanceKey,
    status: status as StoredConnectionStatus,
    version: Number(version),
    expiresAt: readNumber(expiresAt),
    scopes,
    obtainedAt: readNumber(obtainedAt),
    lastRefreshAt: lastRefreshAt === '' ? null : readNumber(lastRefreshAt),
  }
  const valid =
    STATUSES.has(status) &&
    Number.isSafeInteger(summary.version) &&
    summary.version >= 1 &&
    Number.isFinite(summary.expiresAt) &&
    Number.isFinite(summary.obtainedAt) &&
    (summary.lastRefreshAt === null || Number.isFinite(summary.lastRefreshAt)) &&
    scopes !== null
  return valid ? (summary as ConnectionSummary) : null
}

function readNumber(text: string): number {
  return text === '' ? Number.NaN : Number(text)
}

function parseScopes(json: string): readonly string[] | null {
  try {
    const scopes: unknown = JSON.parse(json)
    return Array.isArray(scopes) && scopes.every((scope) => typeof scope === 'string')
      ? Object.freeze(scopes as string[])
      : null
  } catch {
    return null
  }
}
