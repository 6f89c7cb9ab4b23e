import type { ConnectionRecord } from '@rw/oauth-core'
import { listEveryConnection, sortByKey, summarizeTestRecord } from '@rw/oauth-testing/contract'
import { Cluster, Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { createTestRecord } from './support/connection-record-fixture'
import { RedisClusterProcess } from './support/redis-cluster-process'
import { createStoreFixture, TEST_ENCRYPTION_KEY } from './support/store-fixture'
import { listKeysWithPrefix } from './support/test-prefix'

const STATUSES = ['active', 'refresh_outcome_unknown', 'reauthorization_required'] as const

let cluster: RedisClusterProcess | undefined
afterAll(async () => {
  await cluster?.dispose()
})

const deployments = [
  ['standalone', async () => new Redis({ host: '127.0.0.1', port: 6379 })],
  [
    '3-primary Cluster',
    async () => {
      cluster ??= await RedisClusterProcess.start()
      return cluster.createClient()
    },
  ],
] as const

describe.each(deployments)('RedisTokenStore.repairRegistry (%s)', (_, connect) => {
  async function withStore(test: (store: RedisTokenStore, redis: Redis | Cluster) => Promise<void>): Promise<void> {
    const redis = await connect()
    const fixture = createStoreFixture(redis, 'registry-repair')
    try {
      await test(fixture.store as RedisTokenStore, redis)
    } finally {
      await fixture.cleanup?.()
    }
  }

  async function saveRecords(store: RedisTokenStore, count: number): Promise<ConnectionRecord[]> {
    const records = Array.from({ length: count }, (_, index) =>
      createTestRecord(`station-${index}`, 1, { status: STATUSES[index % 3], expiresAt: 1_000 + index }),
    )
    await Promise.all(records.map((record) => store.saveConnection(record, { expectedVersion: null })))
    return records
  }

  async function expectRegistryToEqual(store: RedisTokenStore, records: readonly ConnectionRecord[]): Promise<void> {
    expect(sortByKey(await listEveryConnection(store, { limit: 7 }))).toEqual(
      sortByKey(records.map(summarizeTestRecord)),
    )
    const counts = { active: 0, refresh_outcome_unknown: 0, reauthorization_required: 0 }
    for (const record of records) counts[record.status]++
    expect(await store.countConnections()).toEqual(counts)
  }

  async function listRegistryKeys(redis: Redis | Cluster, store: RedisTokenStore): Promise<string[]> {
    const keys = await listKeysWithPrefix(redis, store.keyPrefix)
    return keys.filter((key) => key.endsWith(':registry') || key.endsWith('registry:slots'))
  }

  it('rebuilds every deleted index key (shards and directory) from the records', async () => {
    await withStore(async (store, redis) => {
      const records = await saveRecords(store, 40)
      const indexKeys = await listRegistryKeys(redis, store)
      expect(indexKeys.length).toBeGreaterThan(1)
      for (const key of indexKeys) await redis.del(key)
      expect(await listEveryConnection(store, {})).toEqual([])

      const report = await store.repairRegistry()
      expect(report).toEqual({ records: 40, entriesWritten: 40, entriesRemoved: 0, unreadableRecords: [] })
      await expectRegistryToEqual(store, records)
      expect(await store.repairRegistry()).toEqual({
        records: 40,
        entriesWritten: 0,
        entriesRemoved: 0,
        unreadableRecords: [],
      })
    })
  })

  it('rewrites corrupted and outdated entries and removes entries without a record or in the wrong shard', async () => {
    await withStore(async (store, redis) => {
      const records = await saveRecords(store, 12)
      const shardOf = async (instanceKey: string) => {
        // The shard holding a key's entry: found by the entry, not by recomputing the layout here.
        for (const key of await listRegistryKeys(redis, store)) {
          if (key.endsWith(':registry') && (await redis.hexists(key, instanceKey)) === 1) return key
        }
        throw new Error(`no entry for ${instanceKey}`)
      }
      const [first, second, third] = [
        await shardOf('station-0'),
        await shardOf('station-1'),
        await shardOf('station-2'),
      ]
      const sameShard = third === (await shardOf('station-5'))
      await redis.hset(first, 'station-0', 'garbage')
      await redis.hset(second, 'station-1', 'active|1|1|1||["basic"]')
      await redis.hset(third, 'ghost-station', 'active|3|5|1||["basic"]')
      await redis.hset(third, 'station-5', 'active|1|1|1||[]')

      const warnings: string[] = []
      const logged = new RedisTokenStore({
        redis,
        prefix: store.keyPrefix.replace(/v1:$/, ''),
        logger: { debug: () => {}, warn: (message) => void warnings.push(message), error: () => {} },
        encryption: { keys: [{ id: 'k1', key: TEST_ENCRYPTION_KEY }] },
      })
      const listed = await listEveryConnection(logged, {})
      expect(listed.map((summary) => summary.instanceKey)).not.toContain('station-0')
      expect(warnings.join('\n')).toContain('repairRegistry')
      await logged.close()

      const report = await store.repairRegistry()
      // In its own shard a wrong entry for station-5 is rewritten; in another shard it is removed.
      expect(report).toEqual({
        records: 12,
        entriesWritten: sameShard ? 3 : 2,
        entriesRemoved: sameShard ? 1 : 2,
        unreadableRecords: [],
      })
      await expectRegistryToEqual(store, records)
    })
  })

  it('reports records it cannot read and leaves them alone', async () => {
    await withStore(async (store, redis) => {
      const records = await saveRecords(store, 3)
      const [recordKey] = (await listKeysWithPrefix(redis, store.keyPrefix)).filter((key) =>
        key.endsWith(':connection'),
      )
      const instanceKey = Buffer.from(/\{([^}]+)\}/.exec(recordKey!)![1]!, 'base64url').toString('utf8')
      await redis.set(recordKey!, '1.not-an-envelope')
      const report = await store.repairRegistry()
      expect(report.unreadableRecords).toEqual([instanceKey])
      expect(report.records).toBe(3)
      expect(await redis.get(recordKey!)).toBe('1.not-an-envelope')
      expect(await store.deleteConnection(instanceKey)).toBe(true)
      await expectRegistryToEqual(
        store,
        records.filter((record) => record.instanceKey !== instanceKey),
      )
    })
  })

  it('leaves the registry equal to the records when saves and deletes run during the repair', async () => {
    await withStore(async (store, redis) => {
      await saveRecords(store, 30)
      for (const key of await listRegistryKeys(redis, store)) await redis.del(key)
      const writes = (async () => {
        for (let round = 0; round < 30; round++) {
          const key = `station-${round}`
          if (round % 3 === 0) await store.deleteConnection(key)
          else {
            const current = (await store.getConnection(key))!
            await store.saveConnection(createTestRecord(key, current.version + 1, { expiresAt: 9_000 + round }), {
              expectedVersion: current.version,
            })
          }
        }
      })()
      await Promise.all([store.repairRegistry(), writes])
      const records = (
        await Promise.all(Array.from({ length: 30 }, (_, index) => store.getConnection(`station-${index}`)))
      ).filter((record) => record !== null)
      // One pass, concurrent with the writes, is enough: a save writes its own entry, a delete removes it,
      // and the repair writes an entry only for the exact record value it read.
      await expectRegistryToEqual(store, records)
    })
  })
})
