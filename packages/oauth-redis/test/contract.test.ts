import { describeTokenStoreContract } from '@rw/oauth-testing/contract'
import { Redis } from 'ioredis'
import { afterAll, beforeAll } from 'vitest'
import { RedisClusterProcess } from './support/redis-cluster-process'
import { createStoreFixture } from './support/store-fixture'

describeTokenStoreContract('RedisTokenStore (standalone, encrypted)', async () =>
  createStoreFixture(new Redis({ host: '127.0.0.1', port: 6379 }), 'contract'),
)

describeTokenStoreContract('RedisTokenStore (standalone, plaintext)', async () =>
  createStoreFixture(new Redis({ host: '127.0.0.1', port: 6379 }), 'contract-plain', { encrypted: false }),
)

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

describeTokenStoreContract('RedisTokenStore (3-primary Cluster, encrypted)', async () =>
  createStoreFixture((await clusterReady).createClient(), 'contract-cluster'),
)
