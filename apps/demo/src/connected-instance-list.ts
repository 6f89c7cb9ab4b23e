import { StoreError } from '@rw/oauth-core'
import type { Redis } from 'ioredis'

/** The instance keys this demo has connected, so the dashboard can list them. Holds no tokens. */
export interface ConnectedInstanceList {
  add(instanceKey: string): Promise<void>
  remove(instanceKey: string): Promise<void>
  list(): Promise<string[]>
}

/** One process: a `Set`. */
export function createMemoryInstanceList(): ConnectedInstanceList {
  const keys = new Set<string>()
  return {
    add: async (instanceKey) => void keys.add(instanceKey),
    remove: async (instanceKey) => void keys.delete(instanceKey),
    list: async () => [...keys].sort(),
  }
}

/**
 * Shared by every demo process on the same Redis: one Redis set beside the token store's keys. Like the
 * store, it fails fast while Redis is unreachable instead of waiting in ioredis's offline queue.
 */
export function createRedisInstanceList(redis: Redis, key = 'rw:demo:connected-instances'): ConnectedInstanceList {
  const requireReady = () => {
    if (redis.status !== 'ready') {
      throw new StoreError('store_unavailable', `Redis is unavailable for the connection list (${redis.status}).`)
    }
  }
  return {
    async add(instanceKey) {
      requireReady()
      await redis.sadd(key, instanceKey)
    },
    async remove(instanceKey) {
      requireReady()
      await redis.srem(key, instanceKey)
    },
    async list() {
      requireReady()
      return (await redis.smembers(key)).sort()
    },
  }
}
