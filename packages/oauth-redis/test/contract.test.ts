import { describeTokenStoreContract } from '@rw/oauth-testing/contract'
import { Redis } from 'ioredis'
import { afterAll, beforeAll } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { RedisClusterProcess } from './support/redis-cluster-process'
import { createTestPrefix, deleteKeysWithPrefix } from './support/test-prefix'

const KEY = Buffer.alloc(32, 3).toString('base64')

describeTokenStoreContract('RedisTokenStore (standalone, encrypted)', async () => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379 })
  const prefix = createTestPrefix('contract')
  const store = new RedisTokenStore({ redis, prefix, encryption: { keys: [{ id: 'k1', key: KEY }] } })
  return {
    store,
    lock: store,
    cleanup: async () => {
      await store.close()
      await deleteKeysWithPrefix(redis, prefix)
      await redis.quit()
    },
  }
})

describeTokenStoreContract('RedisTokenStore (standalone, plaintext)', async () => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379 })
  const prefix = createTestPrefix('contract-plain')
  const store = new RedisTokenStore({ redis, prefix })
  return {
    store,
    lock: store,
    cleanup: async () => {
      await store.close()
      await deleteKeysWithPrefix(redis, prefix)
      await redis.quit()
    },
  }
})

let cluster: RedisClusterProcess | undefined
const clusterReady = (async () => {
  cluster = await RedisClusterProcess.start()
  return cluster
})()
// Started while the suite is collected (the contract probes its fixture then); stopped at the end.
beforeAll(async () => {
  await clusterReady
})
afterAll(async () => {
  await cluster?.dispose()
})

describeTokenStoreContract('RedisTokenStore (3-primary Cluster, encrypted)', async () => {
  const redis = (await clusterReady).createClient()
  const prefix = createTestPrefix('contract-cluster')
  const store = new RedisTokenStore({ redis, prefix, encryption: { keys: [{ id: 'k1', key: KEY }] } })
  return {
    store,
    lock: store,
    cleanup: async () => {
      await store.close()
      await deleteKeysWithPrefix(redis, prefix)
      await redis.quit()
    },
  }
})
