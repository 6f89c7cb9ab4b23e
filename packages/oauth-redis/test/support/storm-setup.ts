import { type CreateRadioWorkflowOptions, createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import { createRedactedConnectionRecord } from '@rw/oauth-core'
import {
  createMockRadioWorkflow,
  MOCK_PARTNER_KEY,
  MOCK_PARTNER_SECRET,
  MOCK_REDIRECT_URI,
  type MockRadioWorkflow,
  type MockServerHandle,
} from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import { RedisTokenStore } from '../../src/index'
import { KeySchema } from '../../src/key-schema'
import { RefreshWorkerProcess } from './refresh-worker-process'
import type { WorkerConfig } from './refresh-worker-protocol'
import { createTestPrefix, deleteKeysWithPrefix } from './test-prefix'

export const ENCRYPTION_KEY = Buffer.alloc(32, 11).toString('base64')
const silentLogger = { debug: () => {}, warn: () => {}, error: () => {} }

/** The mock on a loopback port, a parent-side client sharing Redis with the workers, and helpers. */
export interface StormSetup {
  readonly mock: MockRadioWorkflow
  readonly server: MockServerHandle
  readonly redis: Redis
  readonly store: RedisTokenStore
  readonly rw: RadioWorkflow
  /** Another client on the same store and mock (another process), with `overrides`. */
  createClient(overrides: Partial<CreateRadioWorkflowOptions>): RadioWorkflow
  readonly prefix: string
  lockKeyOf(instanceKey: string): string
  /** Connects each instance through the real authorize redirect and code exchange. */
  connect(instanceKeys: readonly string[]): Promise<void>
  /** Rewrites each stored record so its access token expired a second ago (the next call must refresh). */
  expire(instanceKeys: readonly string[]): Promise<void>
  startWorker(
    mode: WorkerConfig['mode'],
    timing?: { lockLeaseMs: number; httpTimeoutMs: number; backgroundRefreshIntervalMs?: number },
  ): Promise<RefreshWorkerProcess>
  dispose(): Promise<void>
}

export async function createStormSetup(name: string, instanceKeys: readonly string[]): Promise<StormSetup> {
  const mock = createMockRadioWorkflow({
    instances: instanceKeys.map((key) => ({ key, name: `Station ${key}` })),
    rotateRefreshTokens: true,
  })
  const server = await mock.listen()
  const redis = new Redis({ host: '127.0.0.1', port: 6379 })
  const prefix = createTestPrefix(name)
  const store = new RedisTokenStore({ redis, prefix, encryption: { keys: [{ id: 'k1', key: ENCRYPTION_KEY }] } })
  const createClient = (overrides: Partial<CreateRadioWorkflowOptions> = {}) =>
    createRadioWorkflow({
      partnerKey: MOCK_PARTNER_KEY,
      partnerSecret: MOCK_PARTNER_SECRET,
      redirectUri: MOCK_REDIRECT_URI,
      endpoints: mock.urls,
      scopes: ['basic'],
      store,
      lockLeaseMs: 10_000,
      httpTimeoutMs: 5_000,
      logger: silentLogger,
      ...overrides,
    })
  const rw = createClient()
  const keys = new KeySchema(prefix)
  const workers: RefreshWorkerProcess[] = []

  return {
    mock,
    server,
    redis,
    store,
    rw,
    createClient,
    prefix,
    lockKeyOf: (instanceKey) => keys.createInstanceKeys(instanceKey).lock,
    async connect(instanceKeysToConnect) {
      for (const instanceKey of instanceKeysToConnect) {
        mock.setAutoConsent({ instanceKey, scopes: ['basic'] })
        const started = await rw.startAuthorization({ instanceKey })
        const answer = await fetch(started.url, { redirect: 'manual' })
        const location = answer.headers.get('location')
        if (answer.status !== 302 || location === null) throw new Error(`authorize answered ${answer.status}`)
        await rw.completeAuthorization(location, { binding: started.binding })
      }
    },
    async expire(instanceKeysToExpire) {
      await Promise.all(
        instanceKeysToExpire.map(async (instanceKey) => {
          const record = (await store.getConnection(instanceKey))!
          const expired = createRedactedConnectionRecord({
            ...record,
            version: record.version + 1,
            expiresAt: Date.now() - 1_000,
          })
          const outcome = await store.saveConnection(expired, { expectedVersion: record.version })
          if (!outcome.saved) throw new Error(`could not expire ${instanceKey}: ${outcome.reason}`)
        }),
      )
    },
    async startWorker(mode, timing = { lockLeaseMs: 10_000, httpTimeoutMs: 5_000 }) {
      const worker = await RefreshWorkerProcess.start({
        mode,
        redisPort: 6379,
        prefix,
        encryptionKey: ENCRYPTION_KEY,
        endpoints: mock.urls,
        ...timing,
      })
      workers.push(worker)
      return worker
    },
    async dispose() {
      await Promise.all(workers.map((worker) => worker.kill('SIGKILL')))
      await store.close()
      await server.close()
      await deleteKeysWithPrefix(redis, prefix)
      await redis.quit()
    },
  }
}
