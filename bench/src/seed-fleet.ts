import { randomBytes } from 'node:crypto'
import { createRedactedConnectionRecord } from '@rw/oauth-core'
import type { Redis } from 'ioredis'
import type { BenchClient } from './bench-setup'

const SEED_CONCURRENCY = 64
/** Long enough that no token gets due while the bench runs (it never refreshes a fleet instance). */
const TOKEN_LIFETIME_MS = 2 * 3_600_000

export function fleetInstanceKey(index: number): string {
  return `fleet-${index}`
}

/** Connects instances [from, to) through the store's own `saveConnection` (encrypted, as in production). */
export async function seedFleet(client: BenchClient, from: number, to: number): Promise<void> {
  const now = Date.now()
  let next = from
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < to) {
        const index = next++
        const record = createRedactedConnectionRecord({
          instanceKey: fleetInstanceKey(index),
          version: 1,
          status: 'active',
          // The size of a real token pair: 32 random bytes each, base64url.
          accessToken: randomBytes(32).toString('base64url'),
          refreshToken: randomBytes(32).toString('base64url'),
          tokenType: 'Bearer',
          scopes: ['basic'],
          expiresAt: now + TOKEN_LIFETIME_MS,
          obtainedAt: now,
          lastRefreshAt: null,
        })
        const outcome = await client.store.saveConnection(record, { expectedVersion: null })
        if (!outcome.saved) throw new Error(`seeding ${record.instanceKey}: ${outcome.reason}`)
      }
    }),
  )
}

/** Redis `used_memory` (the whole server: other clients of a shared Redis add noise). */
export async function readUsedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory')
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN)
}

/** Calls `operation` once for every index in [0, count), `SEED_CONCURRENCY` at a time. */
export async function touchEach(count: number, operation: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < count) await operation(next++)
    }),
  )
}
