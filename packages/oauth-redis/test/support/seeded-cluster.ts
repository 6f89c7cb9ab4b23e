import type { Cluster } from 'ioredis'
import { type RedisEncryptionKey, RedisTokenStore } from '../../src/index'
import { createTestRecord } from './connection-record-fixture'
import { RedisClusterProcess } from './redis-cluster-process'

/** A 3-primary Cluster of child processes holding one record (version 1) per instance, under `ring`. */
export interface SeededCluster {
  readonly cluster: RedisClusterProcess
  readonly redis: Cluster
  readonly store: RedisTokenStore
  dispose(): Promise<void>
}

export async function startSeededCluster(
  prefix: string,
  instanceKeys: readonly string[],
  ring: readonly RedisEncryptionKey[],
): Promise<SeededCluster> {
  const cluster = await RedisClusterProcess.start()
  const redis = cluster.createClient()
  const store = new RedisTokenStore({ redis, prefix, encryption: { keys: ring } })
  for (const instanceKey of instanceKeys) {
    await store.saveConnection(createTestRecord(instanceKey, 1), { expectedVersion: null })
  }
  return {
    cluster,
    redis,
    store,
    async dispose() {
      await store.close()
      redis.disconnect()
      await cluster.dispose()
    },
  }
}
