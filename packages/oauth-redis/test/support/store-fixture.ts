import type { TokenStoreFixture } from '@rw/oauth-testing/contract'
import type { Cluster, Redis } from 'ioredis'
import { RedisTokenStore } from '../../src/index'
import { createTestPrefix, deleteKeysWithPrefix } from './test-prefix'

/** A 32-byte test key: fixed, so a failing run can be inspected. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 3).toString('base64')

/**
 * A contract fixture: a store (and lock) on `redis` under a fresh prefix; cleanup closes the store,
 * deletes the run's keys and quits `redis`.
 */
export function createStoreFixture(
  redis: Redis | Cluster,
  label: string,
  { encrypted = true }: { encrypted?: boolean } = {},
): TokenStoreFixture {
  const prefix = createTestPrefix(label)
  const store = new RedisTokenStore({
    redis,
    prefix,
    ...(encrypted ? { encryption: { keys: [{ id: 'k1', key: TEST_ENCRYPTION_KEY }] } } : {}),
  })
  return {
    store,
    lock: store,
    cleanup: async () => {
      await store.close()
      await deleteKeysWithPrefix(redis, prefix)
      await redis.quit()
    },
  }
}
