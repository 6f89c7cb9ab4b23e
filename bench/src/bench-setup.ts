import { randomBytes } from 'node:crypto'
import { type CreateRadioWorkflowOptions, createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import { createRedactedConnectionRecord } from '@rw/oauth-core'
import { RedisTokenStore } from '@rw/oauth-redis'
import {
  createMockRadioWorkflow,
  MOCK_PARTNER_KEY,
  MOCK_PARTNER_SECRET,
  MOCK_REDIRECT_URI,
  type MockRadioWorkflow,
  type MockServerHandle,
} from '@rw/oauth-testing'
import { Redis, type RedisOptions } from 'ioredis'

export const INSTANCE = 'bench-station'
/** One instance per concurrent caller, for the uncoalesced throughput run. */
export const SPREAD_INSTANCES = Array.from({ length: 64 }, (_, index) => `bench-spread-${index}`)
export const ENCRYPTION_KEY = randomBytes(32).toString('base64')
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
export const silentLogger = { debug: () => {}, warn: () => {}, error: () => {} }

/** One ioredis client, and a RedisTokenStore + RadioWorkflow on top of that same client. */
export interface BenchClient {
  readonly redis: Redis
  readonly store: RedisTokenStore
  readonly rw: RadioWorkflow
  close(): Promise<void>
}

export interface BenchSetup {
  readonly mock: MockRadioWorkflow
  readonly server: MockServerHandle
  /** The client every instance was connected through (default ioredis options). */
  readonly client: BenchClient
  readonly prefix: string
  /** Another client on the same records, e.g. with other ioredis options or the token cache. */
  createClient(redisOptions: RedisOptions, clientOptions?: Pick<CreateRadioWorkflowOptions, 'cache'>): BenchClient
  /** The Redis key of an instance's record (to size the raw baseline values). */
  recordKeyOf(instanceKey: string): string
  /** Rewrites the stored record so its access token expired a second ago. */
  expire(): Promise<void>
  dispose(): Promise<void>
}

/** Mock server on a loopback port, connected instances, an encrypted RedisTokenStore under a fresh prefix. */
export async function createBenchSetup(): Promise<BenchSetup> {
  const mock = createMockRadioWorkflow({
    instances: [INSTANCE, ...SPREAD_INSTANCES].map((key) => ({ key, name: `Bench ${key}` })),
  })
  const server = await mock.listen()
  const prefix = `rwbench:${randomBytes(6).toString('hex')}:`
  const createClient = (
    redisOptions: RedisOptions,
    clientOptions: Pick<CreateRadioWorkflowOptions, 'cache'> = {},
  ): BenchClient => {
    const redis = new Redis(REDIS_URL, redisOptions)
    const store = new RedisTokenStore({ redis, prefix, encryption: { keys: [{ id: 'bench', key: ENCRYPTION_KEY }] } })
    const rw = createRadioWorkflow({
      partnerKey: MOCK_PARTNER_KEY,
      partnerSecret: MOCK_PARTNER_SECRET,
      redirectUri: MOCK_REDIRECT_URI,
      endpoints: mock.urls,
      scopes: ['basic'],
      store,
      logger: silentLogger,
      ...clientOptions,
    })
    return {
      redis,
      store,
      rw,
      async close() {
        await store.close()
        await redis.quit()
      },
    }
  }
  const client = createClient({})
  for (const instanceKey of [INSTANCE, ...SPREAD_INSTANCES]) {
    mock.setAutoConsent({ instanceKey, scopes: ['basic'] })
    const started = await client.rw.startAuthorization({ instanceKey })
    const location = (await fetch(started.url, { redirect: 'manual' })).headers.get('location')!
    await client.rw.completeAuthorization(location, { binding: started.binding })
  }
  return {
    mock,
    server,
    client,
    prefix,
    createClient,
    // A flat string (one Buffer decode), as the store's own key names are: no concatenation tree to walk.
    recordKeyOf: (instanceKey) =>
      Buffer.from(`${prefix}v1:{${Buffer.from(instanceKey).toString('base64url')}}:connection`).toString(),
    async expire() {
      const record = (await client.store.getConnection(INSTANCE))!
      const expired = createRedactedConnectionRecord({
        ...record,
        version: record.version + 1,
        expiresAt: Date.now() - 1_000,
      })
      await client.store.saveConnection(expired, { expectedVersion: record.version })
    },
    async dispose() {
      await server.close()
      // SCAN in batches: the fleet rows leave 100 000 keys behind.
      let cursor = '0'
      do {
        const [next, keys] = await client.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
        if (keys.length > 0) await client.redis.unlink(...keys)
        cursor = next
      } while (cursor !== '0')
      await client.close()
    },
  }
}
