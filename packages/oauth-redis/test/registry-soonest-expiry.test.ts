import { listEveryConnection } from '@rw/oauth-testing/contract'
import { Redis } from 'ioredis'
import { afterAll, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { createTestRecord } from './support/connection-record-fixture'
import { TEST_ENCRYPTION_KEY } from './support/store-fixture'
import { createTestPrefix, deleteKeysWithPrefix, listKeysWithPrefix } from './support/test-prefix'

const redis = new Redis({ host: '127.0.0.1', port: 6379 })
const prefix = createTestPrefix('registry-soonest')
const warnings: string[] = []
const store = new RedisTokenStore({
  redis,
  prefix,
  encryption: { keys: [{ id: 'k1', key: TEST_ENCRYPTION_KEY }] },
  logger: { debug: () => {}, warn: (message) => void warnings.push(message), error: () => {} },
})
afterAll(async () => {
  await store.close()
  await deleteKeysWithPrefix(redis, prefix)
  await redis.quit()
})

/** Entries a bug or a hand edit could leave; `tonumber` alone would read the first four as numbers. */
const MALFORMED_ENTRIES = {
  hex: 'active|1|0x10|1||[]',
  infinity: 'active|1|inf|1||[]',
  overflow: 'active|1|1e+400|1||[]',
  padded: 'active|1| 7|1||[]',
  empty: 'active|1||1||[]',
  short: 'active|1',
  status: 'garbage',
}

it('skips malformed entries with a warning, and reads the expiry as JavaScript wrote it, unrounded', async () => {
  await store.saveConnection(createTestRecord('station', 1, { expiresAt: 1_900_000_000_007 }), {
    expectedVersion: null,
  })
  const shards = (await listKeysWithPrefix(redis, prefix)).filter((key) => key.endsWith(':registry'))
  expect(shards).toHaveLength(1)
  for (const [instanceKey, entry] of Object.entries(MALFORMED_ENTRIES)) await redis.hset(shards[0]!, instanceKey, entry)

  expect(await store.findSoonestExpiry()).toBe(1_900_000_000_007)
  expect(warnings).toEqual([
    `The connection registry holds ${Object.keys(MALFORMED_ENTRIES).length} malformed entries (skipped): run store.repairRegistry().`,
  ])

  // A JavaScript number text with an exponent is well formed, and the listing reads it the same way.
  await redis.hset(shards[0]!, 'tiny', 'active|1|1.5e-7|1||[]')
  expect(await store.findSoonestExpiry()).toBe(1.5e-7)
  const active = await listEveryConnection(store, { status: 'active' })
  expect(Math.min(...active.map((summary) => summary.expiresAt))).toBe(1.5e-7)
})
