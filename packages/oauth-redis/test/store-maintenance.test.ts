import { createTestPending } from '@rw/oauth-testing/contract'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { RedisStoreMaintenance, RedisTokenStore, type StoredRecordDescription } from '../src/index'
import { KeySchema } from '../src/key-schema'
import { createTestRecord } from './support/connection-record-fixture'
import { createTestPrefix, deleteKeysWithPrefix } from './support/test-prefix'

const K1 = { id: 'k1', key: Buffer.alloc(32, 1).toString('base64') }
const K2 = { id: 'k2', key: Buffer.alloc(32, 2).toString('base64') }
const redis = new Redis({ host: '127.0.0.1', port: 6379 })
const prefix = createTestPrefix('maintenance')
const keys = new KeySchema(prefix)
const stores: RedisTokenStore[] = []

function createStore(encryption?: ConstructorParameters<typeof RedisTokenStore>[0]['encryption']) {
  const store = new RedisTokenStore({ redis, prefix, encryption, events: false })
  stores.push(store)
  return store
}

async function scanAll(maintenance: RedisStoreMaintenance): Promise<StoredRecordDescription[]> {
  const found: StoredRecordDescription[] = []
  for await (const batch of maintenance.scanRecords({ batchSize: 7 })) found.push(...batch)
  return found.sort((a, b) => String(a.instanceKey).localeCompare(String(b.instanceKey)))
}

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()))
  await deleteKeysWithPrefix(redis, prefix)
  await redis.quit()
})

describe('RedisStoreMaintenance', () => {
  const maintenance = new RedisStoreMaintenance({ redis, prefix })

  it('finds every record with its sealing, key id and the instance its key names (ids with : { } included)', async () => {
    await createStore().saveConnection(createTestRecord('plain:{1}', 1), { expectedVersion: null })
    await createStore({ keys: [K1] }).saveConnection(createTestRecord('one', 1), { expectedVersion: null })
    await createStore({ keys: [K2, K1] }).saveConnection(createTestRecord('two', 1), { expectedVersion: null })
    await redis.set(keys.createInstanceKeys('garbage').record, 'not a record')
    await createStore().savePendingAuthorization(createTestPending())

    const found = await scanAll(maintenance)
    expect(found.map(({ instanceKey, sealing, keyId, version }) => ({ instanceKey, sealing, keyId, version }))).toEqual(
      [
        { instanceKey: 'garbage', sealing: 'unrecognised', keyId: null, version: null },
        { instanceKey: 'one', sealing: 'encrypted', keyId: 'k1', version: 1 },
        { instanceKey: 'plain:{1}', sealing: 'plaintext', keyId: null, version: 1 },
        { instanceKey: 'two', sealing: 'encrypted', keyId: 'k2', version: 1 },
      ],
    )
    expect(await maintenance.countRecords()).toBe(4)
    await createStore({ keys: [K1] }).savePendingAuthorization(createTestPending())
    expect(await maintenance.countPendingAuthorizationsByKey()).toEqual(
      new Map([
        ['plaintext', 1],
        ['k1', 1],
      ]),
    )
    expect(JSON.stringify(found)).not.toMatch(/at-|rt-/)
  })

  it('deletes or quarantines a record only if unchanged, bumping its generation like a delete', async () => {
    const instanceKeys = keys.createInstanceKeys('garbage')
    const described = (await maintenance.describeRecord('garbage'))!
    await redis.set(instanceKeys.record, 'changed meanwhile')
    expect(await maintenance.quarantineRecord(described)).toBe(false)
    const current = (await maintenance.describeRecord('garbage'))!
    const generation = Number((await redis.get(instanceKeys.generation)) ?? 0)
    expect(await maintenance.quarantineRecord(current)).toBe(true)
    expect(await redis.exists(instanceKeys.record)).toBe(0)
    expect(await redis.get(`${instanceKeys.record.slice(0, -':connection'.length)}:quarantined`)).toBe(
      'changed meanwhile',
    )
    expect(Number(await redis.get(instanceKeys.generation))).toBe(generation + 1)

    const listed = async () => (await createStore().listConnections()).connections.map((entry) => entry.instanceKey)
    expect(await listed()).toContain('two')
    const two = (await maintenance.describeRecord('two'))!
    expect(await maintenance.deleteRecord(two)).toBe(true)
    expect(await maintenance.describeRecord('two')).toBeNull()
    // The registry entry goes with the record, in the same script.
    expect(await listed()).not.toContain('two')
  })

  it('lets an encrypting store read plaintext records only with readPlaintext, and always writes encrypted', async () => {
    await expect(createStore({ keys: [K1] }).getConnection('plain:{1}')).rejects.toMatchObject({
      code: 'store_corrupted',
    })
    const migrating = createStore({ keys: [K1], readPlaintext: true })
    const record = (await migrating.getConnection('plain:{1}'))!
    expect(record.instanceKey).toBe('plain:{1}')
    await migrating.saveConnection({ ...record, version: 2 }, { expectedVersion: 1 })
    expect(await maintenance.describeRecord('plain:{1}')).toMatchObject({
      sealing: 'encrypted',
      keyId: 'k1',
      version: 2,
    })
  })
})
