import { RadioWorkflowError } from '@rw/oauth-core'
import type {
  RedisEncryptionOptions,
  RedisStoreMaintenance,
  RedisTokenStore,
  StoredRecordDescription,
} from '@rw/oauth-redis'
import type { ProgressReporter } from '../progress-reporter'

/** A record the apps cannot read, and why. */
export interface UnreadableRecord {
  readonly record: StoredRecordDescription
  readonly reason: string
  /** Encrypted with a key id the configured ring lacks: maybe only this CLI's `RW_TOKEN_KEYS` is incomplete. */
  readonly unknownKey: boolean
}

/**
 * Scans every record and opens each with the apps' key ring (decrypt, parse, check it belongs to its key),
 * collecting those that fail. A plaintext record counts as unreadable only when the ring cannot read plaintext.
 */
export async function findUnreadableRecords(
  maintenance: RedisStoreMaintenance,
  store: RedisTokenStore,
  encryption: RedisEncryptionOptions | undefined,
  progress: ProgressReporter,
  total: number,
): Promise<UnreadableRecord[]> {
  const ring = new Set((encryption?.keys ?? []).map((key) => key.id))
  const unreadable: UnreadableRecord[] = []
  progress.start(total)
  try {
    for await (const batch of maintenance.scanRecords()) {
      for (const record of batch) {
        const reason = await diagnose(store, record, ring, encryption !== undefined)
        if (reason !== null) {
          unreadable.push({ record, reason, unknownKey: record.sealing === 'encrypted' && !ring.has(record.keyId!) })
        }
      }
      progress.advance(batch.length)
    }
  } finally {
    progress.stop()
  }
  return unreadable
}

async function diagnose(
  store: RedisTokenStore,
  record: StoredRecordDescription,
  ring: ReadonlySet<string>,
  encrypted: boolean,
): Promise<string | null> {
  if (record.instanceKey === null) return 'the key does not name an instance'
  if (record.sealing === 'unrecognised') return 'not a record this SDK wrote'
  if (record.sealing === 'encrypted' && !encrypted) return 'encrypted, but RW_TOKEN_KEYS is not set'
  if (record.sealing === 'encrypted' && !ring.has(record.keyId!))
    return `encrypted with key "${record.keyId}", not in RW_TOKEN_KEYS`
  try {
    await store.getConnection(record.instanceKey)
    return null
  } catch (error) {
    if (error instanceof RadioWorkflowError && error.code === 'store_corrupted') {
      return record.sealing === 'plaintext' ? 'plaintext under an encrypting store' : 'fails to decrypt or parse'
    }
    throw error
  }
}
