import { randomBytes } from 'node:crypto'
import type { Cluster, Redis } from 'ioredis'

/** A prefix no other test run (or other package sharing 127.0.0.1:6379) uses. */
export function createTestPrefix(name: string): string {
  return `rwtest:redis:${name}:${randomBytes(6).toString('hex')}:`
}

/** Every key under `prefix`, on every primary of a Cluster. */
export async function listKeysWithPrefix(redis: Redis | Cluster, prefix: string): Promise<string[]> {
  const servers = redis.isCluster ? (redis as Cluster).nodes('master') : [redis as Redis]
  const keys: string[] = []
  for (const server of servers) {
    let cursor = '0'
    do {
      const [next, batch] = await server.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 1000)
      keys.push(...batch)
      cursor = next
    } while (cursor !== '0')
  }
  return keys
}

/** Deletes this run's keys only (never FLUSHALL: the server is shared). */
export async function deleteKeysWithPrefix(redis: Redis | Cluster, prefix: string): Promise<void> {
  for (const key of await listKeysWithPrefix(redis, prefix)) await redis.unlink(key)
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}
