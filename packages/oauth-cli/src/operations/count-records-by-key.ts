import type { RedisEncryptionOptions, RedisStoreMaintenance } from '@rw/oauth-redis'
import type { ProgressReporter } from '../progress-reporter'

/** One line of `keys report`: what protects how many records. */
export interface KeyUsage {
  /** A key id, or `(plaintext)` / `(unreadable)` for records under no key. */
  readonly key: string
  readonly records: number
  /** Pending authorizations (logins in progress, gone within minutes) sealed with it. */
  readonly pendingLogins: number
  /** Where the key is in the configured ring (`RW_TOKEN_KEYS`). */
  readonly ring: 'primary' | 'secondary' | 'not configured' | '-'
}

export const PLAINTEXT_ROW = '(plaintext)'
export const UNREADABLE_ROW = '(unreadable)'

/**
 * Counts records and pending logins per encrypting key id (read from each envelope, nothing decrypted), plus
 * plaintext and unreadable ones.
 */
export async function countRecordsByKey(
  maintenance: RedisStoreMaintenance,
  encryption: RedisEncryptionOptions | undefined,
  progress: ProgressReporter,
  total: number,
): Promise<KeyUsage[]> {
  const counts = new Map<string, number>()
  for (const key of encryption?.keys ?? []) counts.set(key.id, 0)
  progress.start(total)
  try {
    for await (const batch of maintenance.scanRecords()) {
      for (const record of batch) {
        const key =
          record.sealing === 'encrypted' && record.instanceKey !== null
            ? record.keyId!
            : record.sealing === 'plaintext' && record.instanceKey !== null
              ? PLAINTEXT_ROW
              : UNREADABLE_ROW
        counts.set(key, (counts.get(key) ?? 0) + 1)
      }
      progress.advance(batch.length)
    }
  } finally {
    progress.stop()
  }
  const pending = await maintenance.countPendingAuthorizationsByKey()
  for (const key of pending.keys()) {
    if (!counts.has(toRow(key))) counts.set(toRow(key), 0)
  }
  const ids = (encryption?.keys ?? []).map((key) => key.id)
  return [...counts].map(([key, records]) => ({
    key,
    records,
    pendingLogins: [...pending].filter(([label]) => toRow(label) === key).reduce((sum, [, count]) => sum + count, 0),
    ring:
      key === PLAINTEXT_ROW || key === UNREADABLE_ROW
        ? '-'
        : ids[0] === key
          ? 'primary'
          : ids.includes(key)
            ? 'secondary'
            : 'not configured',
  }))
}

/** A pending authorization's label (key id, `plaintext`, `unrecognised`) as a report row. */
function toRow(label: string): string {
  if (label === 'plaintext') return PLAINTEXT_ROW
  return label === 'unrecognised' ? UNREADABLE_ROW : label
}
