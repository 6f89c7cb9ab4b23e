import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'

/** A key prefix no other run shares (Redis on 127.0.0.1:6379 is shared with other suites and CI). */
export function createUniqueRedisPrefix(): string {
  return `rw-e2e:${randomBytes(6).toString('hex')}:`
}

/** Keys under `prefix` (SCAN, never KEYS: the server is shared). */
export async function listKeysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500)
    keys.push(...batch)
    cursor = next
  } while (cursor !== '0')
  return keys
}

/** Deletes this run's keys only (never FLUSHALL); returns how many. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  const keys = await listKeysWithPrefix(redis, prefix)
  return keys.length === 0 ? 0 : redis.del(...keys)
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}
