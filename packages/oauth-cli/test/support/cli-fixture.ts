import { randomBytes } from 'node:crypto'
import { createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import { type RedisEncryptionKey, RedisTokenStore } from '@rw/oauth-redis'
import {
  createMockRadioWorkflow,
  MOCK_PARTNER_KEY,
  MOCK_PARTNER_SECRET,
  MOCK_REDIRECT_URI,
  type MockRadioWorkflow,
  type MockServerHandle,
} from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import { type CliRun, runCliProcess } from './cli-process'

export const K1: RedisEncryptionKey = { id: 'k1', key: Buffer.alloc(32, 1).toString('base64') }
export const K2: RedisEncryptionKey = { id: 'k2', key: Buffer.alloc(32, 2).toString('base64') }
const SILENT = { debug() {}, warn() {}, error() {} }

/** `RW_TOKEN_KEYS` for a ring. */
export function formatRing(ring: readonly RedisEncryptionKey[]): string {
  return ring.map((key) => `${key.id}:${key.key}`).join(',')
}

/**
 * A run's own key prefix on the shared Redis, the strict mock on a loopback port (rotating refresh tokens),
 * and the helpers the CLI tests share: app-like clients, connecting through the real authorize redirect,
 * and running `rw-oauth` as a child process with the apps' environment.
 */
export class CliFixture {
  readonly redis = new Redis({ host: '127.0.0.1', port: 6379 })
  readonly prefix = `rwtest:cli:${randomBytes(6).toString('hex')}:`
  readonly mock: MockRadioWorkflow
  readonly #server: MockServerHandle
  readonly #closers: (() => Promise<unknown>)[] = []

  private constructor(mock: MockRadioWorkflow, server: MockServerHandle) {
    this.mock = mock
    this.#server = server
  }

  static async start(instanceKeys: readonly string[] = []): Promise<CliFixture> {
    const mock = createMockRadioWorkflow({
      instances: instanceKeys.map((key) => ({ key, name: `Station ${key}` })),
      rotateRefreshTokens: true,
    })
    return new CliFixture(mock, await mock.listen({ hostname: '127.0.0.1' }))
  }

  /** The apps' environment for the CLI: this Redis and prefix, the ring, and the mock as Radio Workflow. */
  env(ring: readonly RedisEncryptionKey[] | undefined, extra: Record<string, string> = {}): Record<string, string> {
    return {
      REDIS_URL: 'redis://127.0.0.1:6379',
      RW_REDIS_PREFIX: this.prefix,
      ...(ring === undefined ? {} : { RW_TOKEN_KEYS: formatRing(ring) }),
      RW_PARTNER_KEY: MOCK_PARTNER_KEY,
      RW_PARTNER_SECRET: MOCK_PARTNER_SECRET,
      RW_TOKEN_URL: this.mock.urls.token,
      RW_REFRESH_URL: this.mock.urls.refresh,
      ...extra,
    }
  }

  run(args: readonly string[], ring: readonly RedisEncryptionKey[] | undefined, stdin?: string): Promise<CliRun> {
    return runCliProcess(args, this.env(ring), stdin)
  }

  /** A store as an app would have it, on its own Redis connection. */
  createStore(
    ring: readonly RedisEncryptionKey[] | undefined,
    options: { readPlaintext?: boolean } = {},
  ): RedisTokenStore {
    const redis = new Redis({ host: '127.0.0.1', port: 6379 })
    const encryption = ring === undefined ? undefined : { keys: ring, ...options }
    const store = new RedisTokenStore({ redis, prefix: this.prefix, encryption, logger: SILENT })
    this.#closers.push(
      () => store.close(),
      () => redis.quit(),
    )
    return store
  }

  /** An app process's client on `store`, talking to the mock over HTTP. */
  createClient(store: RedisTokenStore, options: { now?: () => number } = {}): RadioWorkflow {
    return createRadioWorkflow({
      ...options,
      partnerKey: MOCK_PARTNER_KEY,
      partnerSecret: MOCK_PARTNER_SECRET,
      redirectUri: MOCK_REDIRECT_URI,
      endpoints: this.mock.urls,
      scopes: ['basic'],
      store,
      lockLeaseMs: 10_000,
      httpTimeoutMs: 5_000,
      logger: SILENT,
    })
  }

  /** Connects each instance through the mock's authorize redirect and the code exchange. */
  async connect(rw: RadioWorkflow, instanceKeys: readonly string[]): Promise<void> {
    for (const instanceKey of instanceKeys) {
      this.mock.setAutoConsent({ instanceKey, scopes: ['basic'] })
      const started = await rw.startAuthorization({ instanceKey })
      const answer = await fetch(started.url, { redirect: 'manual' })
      const location = answer.headers.get('location')
      if (answer.status !== 302 || location === null) throw new Error(`authorize answered ${answer.status}`)
      await rw.completeAuthorization(location, { binding: started.binding })
    }
  }

  /** Every key of this run, for assertions on raw Redis. */
  async listKeys(): Promise<string[]> {
    const keys: string[] = []
    let cursor = '0'
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000)
      keys.push(...batch)
      cursor = next
    } while (cursor !== '0')
    return keys
  }

  async dispose(): Promise<void> {
    for (const close of this.#closers.splice(0)) await close()
    for (const key of await this.listKeys()) await this.redis.unlink(key)
    await this.#server.close()
    await this.redis.quit()
  }
}
