import { type ConnectionRecord, createRedactedConnectionRecord } from '@rw/oauth-core'

/** A line of an import file that cannot become a record: its number and what to fix (never its content: it holds tokens). */
export interface ImportProblem {
  readonly line: number
  readonly problem: string
}

/** The parsed import: records to save (version 1) and the lines that were rejected. */
export interface ParsedImport {
  readonly records: readonly ConnectionRecord[]
  readonly problems: readonly ImportProblem[]
}

// A record needs an access token; an imported pair without one gets this stand-in, already expired, so the
// SDK never serves it (an expired token never is) and refreshes on first use.
const NO_ACCESS_TOKEN = 'imported-without-access-token'

/**
 * Parses JSON lines `{"instanceKey", "refreshToken", "accessToken"?, "expiresAt"?, "scopes"}` from a partner's
 * previous integration. `expiresAt` is epoch milliseconds or an ISO 8601 date; without it (or without an access
 * token) the token counts as expired and the first `getAccessToken` refreshes it. Blank lines are skipped;
 * a key imported twice is a problem, not a silent overwrite.
 */
export function parseImportLines(text: string, now: number): ParsedImport {
  const records: ConnectionRecord[] = []
  const problems: ImportProblem[] = []
  const seen = new Set<string>()
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    if (raw.trim() === '') return
    const parsed = parseLine(raw, now)
    if (typeof parsed === 'string') {
      problems.push({ line, problem: parsed })
    } else if (seen.has(parsed.instanceKey)) {
      problems.push({ line, problem: 'instanceKey appears on an earlier line' })
    } else {
      seen.add(parsed.instanceKey)
      records.push(parsed)
    }
  })
  return { records, problems }
}

function parseLine(raw: string, now: number): ConnectionRecord | string {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return 'not valid JSON'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object'
  const { instanceKey, refreshToken, accessToken, expiresAt, scopes } = value as Record<string, unknown>
  if (typeof instanceKey !== 'string' || instanceKey.trim() === '') return 'instanceKey must be a non-empty string'
  if (typeof refreshToken !== 'string' || refreshToken === '') return 'refreshToken must be a non-empty string'
  if (accessToken !== undefined && (typeof accessToken !== 'string' || accessToken === '')) {
    return 'accessToken must be a non-empty string when given'
  }
  if (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== 'string' || scope === '')) {
    return 'scopes must be an array of scope names, e.g. ["basic"]'
  }
  const expiry = readExpiry(expiresAt)
  if (expiry === undefined) return 'expiresAt must be epoch milliseconds or an ISO 8601 date when given'
  const usable = typeof accessToken === 'string'
  return createRedactedConnectionRecord({
    instanceKey,
    version: 1,
    status: 'active',
    accessToken: usable ? accessToken : NO_ACCESS_TOKEN,
    refreshToken,
    tokenType: 'Bearer',
    scopes: scopes as string[],
    expiresAt: usable ? (expiry ?? 0) : 0,
    obtainedAt: now,
    lastRefreshAt: null,
  })
}

/** `null` when absent, `undefined` when invalid. */
function readExpiry(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined
  if (typeof value === 'string') {
    const parsed = Date.parse(value)
    return Number.isNaN(parsed) ? undefined : parsed
  }
  return undefined
}
