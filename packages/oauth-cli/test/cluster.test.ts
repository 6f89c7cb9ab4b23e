import { RedisTokenStore } from '@rw/oauth-redis'
import { createTestRecord } from '@rw/oauth-testing/contract'
import type { Cluster } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The Cluster of child processes the store's own Cluster suites use (one implementation, not a copy).
import { RedisClusterProcess } from '../../oauth-redis/test/support/redis-cluster-process'
import { formatRing, K1, K2 } from './support/cli-fixture'
import { runCliProcess } from './support/cli-process'

const INSTANCES = Array.from({ length: 30 }, (_, index) => `cluster-${index}`)
const PREFIX = 'rwtest:cli-cluster:'
let cluster: RedisClusterProcess
let redis: Cluster
let store: RedisTokenStore

beforeAll(async () => {
  cluster = await RedisClusterProcess.start()
  redis = cluster.createClient()
  store = new RedisTokenStore({ redis, prefix: PREFIX, encryption: { keys: [K1] } })
  for (const instanceKey of INSTANCES) {
    await store.saveConnection(createTestRecord(instanceKey, 1), { expectedVersion: null })
  }
}, 60_000)

afterAll(async () => {
  await store?.close()
  redis?.disconnect()
  await cluster?.dispose()
})

describe('rw-oauth on a Redis Cluster (RW_REDIS_CLUSTER=true)', () => {
  it('reports and rotates the records of every primary', async () => {
    const env = {
      REDIS_URL: `redis://127.0.0.1:${cluster.nodes[0]!.port}`,
      RW_REDIS_CLUSTER: 'true',
      RW_REDIS_PREFIX: PREFIX,
      RW_TOKEN_KEYS: formatRing([K2, K1]),
    }
    const rotated = await runCliProcess(['keys', 'rotate', '--json'], env)
    expect(rotated.code).toBe(0)
    expect(JSON.parse(rotated.stdout)).toMatchObject({ scanned: 30, resealed: 30 })
    const report = await runCliProcess(['keys', 'report', '--json'], env)
    expect(JSON.parse(report.stdout)).toEqual([
      { key: 'k2', records: 30, pendingLogins: 0, ring: 'primary' },
      { key: 'k1', records: 0, pendingLogins: 0, ring: 'secondary' },
    ])
  })
})
