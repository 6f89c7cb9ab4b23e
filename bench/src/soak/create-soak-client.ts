import { appendFileSync } from 'node:fs'
import { createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import type { TokenStore } from '@rw/oauth-core'
import { RedisTokenStore } from '@rw/oauth-redis'
import { MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET, MOCK_REDIRECT_URI } from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import type { SoakWorkerConfig } from './soak-protocol'

const silentLogger = { debug: () => {}, warn: () => {}, error: () => {} }

/**
 * With `RW_SOAK_SDK_LOG=<file>`, the SDK's warnings and errors of every worker go to that file as JSON
 * lines (epoch ms, worker, message, details without tokens): the worker's side of a revocation to chase.
 */
function createSoakLogger(workerId: string) {
  const file = process.env.RW_SOAK_SDK_LOG
  if (file === undefined || file === '') return silentLogger
  const write = (level: string) => (message: string, details?: unknown) =>
    appendFileSync(file, `${JSON.stringify({ at: Date.now(), workerId, level, message, details })}\n`)
  return { debug: () => {}, warn: write('warn'), error: write('error') }
}

/** A RadioWorkflow on the soak's RedisTokenStore, with the soak's SDK settings. */
export interface SoakClient {
  readonly rw: RadioWorkflow
  readonly store: RedisTokenStore
  close(): Promise<void>
}

export function createSoakClient(
  config: Pick<SoakWorkerConfig, 'redisUrl' | 'prefix' | 'encryptionKey' | 'endpoints' | 'sdk'> & { workerId?: string },
  hooks: { readonly fetch?: typeof globalThis.fetch; readonly wrapStore?: (store: TokenStore) => TokenStore } = {},
): SoakClient {
  const redis = new Redis(config.redisUrl)
  // Redis restarts are part of the soak: ioredis reconnects by itself; the SDK reports the outage as errors.
  redis.on('error', () => {})
  const store = new RedisTokenStore({
    redis,
    prefix: config.prefix,
    encryption: { keys: [{ id: 'soak', key: config.encryptionKey }] },
    commandTimeoutMs: config.sdk.commandTimeoutMs,
    logger: silentLogger,
  })
  const rw = createRadioWorkflow({
    partnerKey: MOCK_PARTNER_KEY,
    partnerSecret: MOCK_PARTNER_SECRET,
    redirectUri: MOCK_REDIRECT_URI,
    endpoints: config.endpoints,
    scopes: ['basic'],
    store: hooks.wrapStore?.(store) ?? store,
    ...(hooks.fetch === undefined ? {} : { fetch: hooks.fetch }),
    lockLeaseMs: config.sdk.lockLeaseMs,
    httpTimeoutMs: config.sdk.httpTimeoutMs,
    refreshWindowMs: config.sdk.refreshWindowMs,
    refreshJitterMs: config.sdk.refreshJitterMs,
    logger: createSoakLogger(config.workerId ?? 'connector'),
  })
  return {
    rw,
    store,
    async close() {
      await store.close().catch(() => {})
      redis.disconnect()
    },
  }
}
