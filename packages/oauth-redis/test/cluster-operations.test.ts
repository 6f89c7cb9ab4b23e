import type { Cluster } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEventConsumer, RedisStoreMaintenance, RedisTokenStore, type StoredRecordDescription } from '../src/index'
import { EventCollector } from './support/event-collector'
import type { RedisClusterProcess } from './support/redis-cluster-process'
import { type SeededCluster, startSeededCluster } from './support/seeded-cluster'
import { createTestPrefix } from './support/test-prefix'

const INSTANCES = Array.from({ length: 40 }, (_, index) => `cluster-${index}`)
const K1 = { id: 'k1', key: Buffer.alloc(32, 1).toString('base64') }
let seeded: SeededCluster
let cluster: RedisClusterProcess
let redis: Cluster
let store: RedisTokenStore
const prefix = createTestPrefix('cluster-ops')

beforeAll(async () => {
  seeded = await startSeededCluster(prefix, INSTANCES, [K1])
  ;({ cluster, redis, store } = seeded)
}, 60_000)

afterAll(async () => {
  await seeded?.dispose()
})

describe('operations on a 3-primary Redis Cluster', () => {
  it('scans the records of every primary', async () => {
    const found: StoredRecordDescription[] = []
    const maintenance = new RedisStoreMaintenance({ redis, prefix })
    for await (const batch of maintenance.scanRecords({ batchSize: 5 })) found.push(...batch)
    expect(found.map((record) => record.instanceKey).sort()).toEqual([...INSTANCES].sort())
    expect(new Set(found.map((record) => record.keyId))).toEqual(new Set(['k1']))
    const slots = new Set(await Promise.all(found.map((record) => redis.cluster('KEYSLOT', record.recordKey))))
    const primaries = redis.nodes('master')
    const owners = await Promise.all(primaries.map(async (node) => Number(await node.dbsize())))
    expect(slots.size).toBeGreaterThan(1)
    expect(owners.filter((count) => count > 0).length).toBeGreaterThan(1)
  })

  it('sees every primary from a client that has not connected yet (no empty scan, no empty policy report)', async () => {
    const fresh = cluster.createClient()
    try {
      const found: StoredRecordDescription[] = []
      for await (const batch of new RedisStoreMaintenance({ redis: fresh, prefix }).scanRecords()) found.push(...batch)
      expect(found).toHaveLength(INSTANCES.length)
      const other = cluster.createClient()
      const freshStore = new RedisTokenStore({ redis: other, prefix })
      expect((await freshStore.checkEvictionPolicy()).policies).toEqual(['noeviction'])
      await freshStore.close()
      other.disconnect()
    } finally {
      fresh.disconnect()
    }
  })

  it('quarantines a record atomically in its own slot', async () => {
    const maintenance = new RedisStoreMaintenance({ redis, prefix })
    const record = (await maintenance.describeRecord('cluster-0'))!
    expect(await maintenance.quarantineRecord(record)).toBe(true)
    expect(await store.getConnection('cluster-0')).toBeNull()
  })

  it('appends events and hands them to a consumer group', async () => {
    const collector = new EventCollector()
    const consumer = createEventConsumer({
      redis,
      prefix,
      group: 'g',
      consumer: 'c1',
      blockMs: 100,
      handler: collector.handlerFor('c1'),
    })
    await consumer.ready
    await store.appendEvent({ type: 'disconnected', occurredAt: 1, data: { instanceKey: 'cluster-1' } })
    await collector.whenCount(1)
    await consumer.stop()
    expect(collector.handled[0]?.event).toMatchObject({ type: 'disconnected', data: { instanceKey: 'cluster-1' } })
  })
})
