/**
 * A separate process sharing Redis with the test: started by test/support/refresh-worker-process.ts,
 * driven over IPC (never by sleeps). Modes:
 * - `storm`: on `go`, runs `callersPerInstance` concurrent getAccessToken per instance and reports.
 * - `hang-on-refresh`: like storm, but the refresh request is never sent: the worker reports
 *   `calling` while holding the lock and waits to be killed.
 * - `hold-lock`: plays a refresh holder at store level (`hold`, then a late `write`).
 */
import { createRadioWorkflow, type RadioWorkflowLogger } from '@rw/oauth-client'
import { type ConnectionRecord, createRedactedConnectionRecord, type LockLease } from '@rw/oauth-core'
import { MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET, MOCK_REDIRECT_URI } from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import { RedisTokenStore } from '../../src/index'
import type { ParentMessage, WorkerConfig, WorkerMessage } from '../support/refresh-worker-protocol'

const config = JSON.parse(process.env.RW_WORKER_CONFIG ?? '{}') as WorkerConfig
const redis = new Redis({ host: '127.0.0.1', port: config.redisPort })
const store = new RedisTokenStore({
  redis,
  prefix: config.prefix,
  encryption: { keys: [{ id: 'k1', key: config.encryptionKey }] },
})
const warnings: string[] = []
const logger: RadioWorkflowLogger = {
  debug: () => {},
  warn: (message) => warnings.push(message),
  error: (message) => warnings.push(message),
}

const refreshFetch: typeof fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input)
  if (config.mode === 'hang-on-refresh' && url === config.endpoints.refresh) {
    send({ type: 'calling' })
    return new Promise<Response>(() => {})
  }
  return fetch(input, init)
}

const rw = createRadioWorkflow({
  partnerKey: MOCK_PARTNER_KEY,
  partnerSecret: MOCK_PARTNER_SECRET,
  redirectUri: MOCK_REDIRECT_URI,
  endpoints: config.endpoints,
  scopes: ['basic'],
  store,
  fetch: refreshFetch,
  lockLeaseMs: config.lockLeaseMs,
  httpTimeoutMs: config.httpTimeoutMs,
  logger,
})

const stopBackground =
  config.backgroundRefreshIntervalMs === undefined
    ? async () => {}
    : rw.startBackgroundRefresh({ intervalMs: config.backgroundRefreshIntervalMs, leadMs: 0 })

let held: LockLease | null = null
let seen: ConnectionRecord | null = null

function send(message: WorkerMessage): void {
  process.send?.(message)
}

function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

async function runStorm(round: number, instances: readonly string[], callersPerInstance: number): Promise<void> {
  const tokens: Record<string, string[]> = {}
  const errors: string[] = []
  const servedAt: number[] = []
  await Promise.all(
    instances.flatMap((instanceKey) =>
      Array.from({ length: callersPerInstance }, async () => {
        try {
          const token = await rw.getAccessToken(instanceKey)
          servedAt.push(epochNow())
          tokens[instanceKey] ??= []
          tokens[instanceKey].push(token)
        } catch (error) {
          errors.push((error as { code?: string }).code ?? String(error))
        }
      }),
    ),
  )
  send({ type: 'result', round, tokens, errors, servedAt, warnings: warnings.splice(0) })
}

async function holdLock(instanceKey: string, leaseMs: number): Promise<void> {
  held = await store.tryAcquire(instanceKey, leaseMs)
  seen = await store.getConnection(instanceKey)
  send({ type: 'holding', acquired: held !== null, version: seen?.version ?? null })
}

/** The write a paused holder would make on resuming, then the client's version-only fallback. */
async function writeLate(): Promise<void> {
  const next = createRedactedConnectionRecord({
    ...seen!,
    version: seen!.version + 1,
    accessToken: 'late-writer-access',
    refreshToken: 'late-writer-refresh',
  })
  const withLease = await store.saveConnection(next, { expectedVersion: seen!.version, lease: held! })
  const withoutLease = await store.saveConnection(next, { expectedVersion: seen!.version })
  send({ type: 'written', withLease, withoutLease })
}

process.on('message', (message: ParentMessage) => {
  const task =
    message.type === 'go'
      ? runStorm(message.round, message.instances, message.callersPerInstance)
      : message.type === 'hold'
        ? holdLock(message.instanceKey, message.leaseMs)
        : message.type === 'write'
          ? writeLate()
          : shutDown()
  task.catch((error: unknown) => {
    send({ type: 'failed', error: String((error as { code?: string }).code ?? error) })
  })
})

async function shutDown(): Promise<void> {
  await stopBackground()
  await store.close()
  await redis.quit()
  process.disconnect?.()
}

await redis.ping()
send({ type: 'ready' })
