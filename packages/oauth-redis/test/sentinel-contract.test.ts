import { describeTokenStoreContract, waitUntil } from '@rw/oauth-testing/contract'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { createTestRecord } from './support/connection-record-fixture'
import { RedisSentinelProcess } from './support/redis-sentinel-process'
import { createStoreFixture, TEST_ENCRYPTION_KEY } from './support/store-fixture'
import { createTestPrefix, deleteKeysWithPrefix, listKeysWithPrefix } from './support/test-prefix'

let deployment: RedisSentinelProcess | undefined
const deploymentReady = (async () => {
  deployment = await RedisSentinelProcess.start()
  return deployment
})()
// Started while the suite is collected (the contract probes its fixture then); stopped at the end.
beforeAll(async () => {
  await deploymentReady
})
afterAll(async () => {
  await deployment?.dispose()
})

describeTokenStoreContract('RedisTokenStore via Sentinel (primary + replica, encrypted)', async () =>
  createStoreFixture((await deploymentReady).createClient(), 'contract-sentinel'),
)

describe('RedisTokenStore via Sentinel: wake-ups on a just-created store', () => {
  it('wakes a waiter whose subscription races the connection start-up, long before its timeout', async () => {
    const sentinel = await deploymentReady
    // ioredis checks a Sentinel connection's role while connecting; a SUBSCRIBE sent before that check
    // used to break the subscriber, leaving waiters asleep for their whole timeout.
    // The window is narrow (between connecting and the role check), so try many fresh stores.
    for (let attempt = 0; attempt < 40; attempt++) {
      const { store, cleanup } = createStoreFixture(sentinel.createClient(), 'sentinel-wake')
      const lock = store as RedisTokenStore
      const lease = (await lock.tryAcquire('station', 30_000))!
      let woken = false
      const waiting = lock.waitForChange('station', 30_000).then(() => {
        woken = true
      })
      await new Promise((resolve) => setTimeout(resolve, 0))
      await lease.release()
      // Bounded far below the 30 s timeout: only the release (or the no-lock re-check) can end the wait.
      await waitUntil(async () => woken, `waiter ${attempt} is woken`, { timeoutMs: 5_000 })
      await waiting
      await cleanup?.()
    }
  })
})

describe('RedisTokenStore via Sentinel: failover to the replica', () => {
  it('reads what was written before the failover and writes, locks and wakes waiters on the new master', async () => {
    const sentinel = await deploymentReady
    const redis = sentinel.createClient()
    const prefix = createTestPrefix('sentinel-failover')
    const store = new RedisTokenStore({ redis, prefix, encryption: { keys: [{ id: 'k1', key: TEST_ENCRYPTION_KEY }] } })
    const newMaster = new Redis({ host: '127.0.0.1', port: sentinel.replica.port })
    try {
      const before = createTestRecord('failover', 1)
      expect(await store.saveConnection(before, { expectedVersion: null })).toEqual({ saved: true })
      // Replication is asynchronous: without this the failover may promote a replica that lacks the write.
      expect(await redis.wait(1, 5_000)).toBe(1)

      await sentinel.failOverToReplica()
      // Until ioredis moves, the old primary still accepts writes (Sentinel demotes it seconds later).
      await waitUntil(
        () =>
          redis.info('server').then(
            (info) => info.includes(`tcp_port:${sentinel.replica.port}\r\n`),
            () => false,
          ),
        'the client is connected to the new master',
      )

      expect(await store.getConnection('failover')).toEqual(before)
      expect(await store.saveConnection(createTestRecord('failover', 2), { expectedVersion: 1 })).toEqual({
        saved: true,
      })
      expect((await store.getConnection('failover'))?.version).toBe(2)
      expect((await newMaster.role())[0]).toBe('master')
      const [connectionKey] = (await listKeysWithPrefix(newMaster, prefix)).filter((key) => key.endsWith(':connection'))
      expect(await newMaster.get(connectionKey!)).toMatch(/^2\./)

      const lease = await store.tryAcquire('failover', 60_000)
      expect(lease).not.toBeNull()
      expect(await store.tryAcquire('failover', 60_000)).toBeNull()
      const channel = `${prefix}v1:{${Buffer.from('failover').toString('base64url')}}:changed`
      const waiting = store.waitForChange('failover', 60_000)
      await waitUntil(
        async () => Number((await newMaster.pubsub('NUMSUB', channel))[1]) === 1,
        'the waiter is subscribed on the new master',
      )
      // Both the lease and the wait outlast this test's 30 s timeout: only the release's publish ends the wait.
      await lease!.release()
      await waiting
      const next = await store.tryAcquire('failover', 30_000)
      expect(next).not.toBeNull()
      await next!.release()
    } finally {
      await store.close()
      await deleteKeysWithPrefix(redis, prefix)
      await redis.quit()
      newMaster.disconnect()
    }
  }, 30_000)
})
