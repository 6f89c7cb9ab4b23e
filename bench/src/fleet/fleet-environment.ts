import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { type ConnectionRecord, createConnectionRecord } from '@rw/oauth-core'
import { RedisTokenStore } from '@rw/oauth-redis'
import { createMockRadioWorkflow, type MockRadioWorkflow, type MockServerHandle } from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import { ENCRYPTION_KEY, REDIS_URL, silentLogger } from '../bench-setup'
import type { FleetCommand, FleetReply, FleetWorkerConfig } from './fleet-protocol'

export const KEY_PREFIX = 'fleet-'
const WRITERS = 64
const WORKER = fileURLToPath(new URL('./fleet-worker.ts', import.meta.url))

/** The benchmark's processes; `send` gives every one the command and resolves with their replies. */
export interface FleetWorkers {
  send(command: FleetCommand): Promise<FleetReply[]>
  /** Attempts at a slot of the fleet-wide cap, and slots granted, summed over the processes. */
  readSlotStats(): Promise<SlotStats>
  close(): Promise<void>
}

/** A mock on loopback offering `instances` stations, and a private Redis prefix for their connections. */
export interface FleetEnvironment {
  readonly mock: MockRadioWorkflow
  readonly instances: number
  /** Seeds a grant per station at the mock and saves its connection (version 1) through the store. */
  seed(expiresAt: number): Promise<void>
  /** Rewrites every connection (version + 1, same tokens, same lifetime) so its access token expires at `expiresAt`. */
  rewriteExpiry(expiresAt: number): Promise<void>
  /** Connections refreshed (`lastRefreshAt` set) in the store, and how the others look. */
  inspectStore(): Promise<StoreInspection>
  spawnWorkers(processes: number, client: FleetWorkerConfig['client']): Promise<FleetWorkers>
  /** Deletes every key under the private prefix (SCAN + UNLINK, nothing else) and stops the mock. */
  dispose(): Promise<void>
}

export interface SlotStats {
  readonly attempts: number
  readonly granted: number
  /** SDK events that mean a connection was lost, summed over the processes (and over the whole run). */
  readonly unexpectedEvents: Readonly<Record<string, number>>
}

/** `refreshed`: connections with `lastRefreshAt` set; `others`: the rest, by status, marker and backoff. */
export interface StoreInspection {
  readonly refreshed: number
  readonly others: Readonly<Record<string, number>>
}

function describeUnrefreshed(record: ConnectionRecord | null): string {
  if (record === null) return 'missing'
  const marker = record.refreshAttempt == null ? '' : ' with a refresh marker'
  const backoff = record.refreshBackoff == null ? '' : ` backing off (${record.refreshBackoff.lastCode})`
  return `${record.status}${marker}${backoff}`
}

export async function createFleetEnvironment(instances: number, latencyMs: number): Promise<FleetEnvironment> {
  const keys = Array.from({ length: instances }, (_, index) => `${KEY_PREFIX}${index}`)
  const mock = createMockRadioWorkflow({ instances: keys.map((key) => ({ key, name: key })) })
  mock.faults.latencyMs = latencyMs
  const server: MockServerHandle = await mock.listen({ hostname: '127.0.0.1' })
  const prefix = `rwbench:fleet:${randomBytes(6).toString('hex')}:`
  const withStore = <T>(use: (opened: OpenedStore) => Promise<T>) => useStore(prefix, use)
  const workerConfig = (client: FleetWorkerConfig['client']): FleetWorkerConfig => ({
    redisUrl: REDIS_URL,
    prefix,
    encryptionKey: ENCRYPTION_KEY,
    endpoints: mock.urls,
    keyPrefix: KEY_PREFIX,
    instances,
    client,
  })

  return {
    mock,
    instances,
    seed: (expiresAt) =>
      withStore(({ store }) =>
        forEachInParallel(keys, async (instanceKey) => {
          if ((await store.getConnection(instanceKey)) !== null) return
          const grant = mock.seedGrant(instanceKey, ['basic'])
          // Issued one full lifetime before it expires: the refresh window is capped by the token's lifetime.
          const obtainedAt = expiresAt - grant.expiresIn * 1000
          const tokens = { ...grant, tokenType: 'Bearer' as const, expiresAt, obtainedAt }
          await store.saveConnection(createConnectionRecord(instanceKey, tokens, null), { expectedVersion: null })
        }),
      ),
    rewriteExpiry: (expiresAt) =>
      withStore(({ store }) =>
        forEachInParallel(keys, async (instanceKey) => {
          const previous = (await store.getConnection(instanceKey))!
          if (previous.expiresAt === expiresAt) return
          const obtainedAt = expiresAt - (previous.expiresAt - previous.obtainedAt)
          const record = createConnectionRecord(instanceKey, { ...previous, expiresAt, obtainedAt }, previous)
          await store.saveConnection(record, { expectedVersion: previous.version })
        }),
      ),
    inspectStore: () =>
      withStore(async ({ redis, store }) => {
        let refreshed = 0
        const others: Record<string, number> = {}
        await forEachInParallel(keys, async (instanceKey) => {
          const record = await store.getConnection(instanceKey)
          if (record?.lastRefreshAt != null) {
            refreshed++
            return
          }
          // Tells a record that is gone from one the store's read did not find.
          const present =
            record === null &&
            (await redis.exists(`${prefix}v1:{${Buffer.from(instanceKey).toString('base64url')}}:connection`)) === 1
          const shape = present ? 'read as missing but present in Redis' : describeUnrefreshed(record)
          others[shape] = (others[shape] ?? 0) + 1
        })
        return { refreshed, others }
      }),
    spawnWorkers: (processes, client) => spawnWorkers(processes, workerConfig(client)),
    async dispose() {
      await server.close()
      await withStore(({ redis }) => deleteKeys(redis, prefix))
    },
  }
}

interface OpenedStore {
  readonly redis: Redis
  readonly store: RedisTokenStore
}

/** A connection and store of its own for one setup step, closed after it: no step outlives `dispose`. */
async function useStore<T>(prefix: string, use: (opened: OpenedStore) => Promise<T>): Promise<T> {
  const redis = new Redis(REDIS_URL)
  // The store scrubs command errors down to a code; the bench prints the driver's own reason.
  redis.on('error', (error: Error) => console.warn(`  (benchmark's Redis connection: ${error.message})`))
  const store = new RedisTokenStore({
    redis,
    prefix,
    logger: silentLogger,
    encryption: { keys: [{ id: 'bench', key: ENCRYPTION_KEY }] },
  })
  try {
    return await use({ redis, store })
  } finally {
    await store.close()
    redis.disconnect()
  }
}

async function spawnWorkers(processes: number, config: FleetWorkerConfig): Promise<FleetWorkers> {
  const children: ChildProcess[] = Array.from({ length: processes }, () =>
    spawn(process.execPath, ['--conditions=@rw/source', '--import', 'tsx', WORKER], {
      env: { ...process.env, RW_BENCH_FLEET_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  )
  const exits = new Map(children.map((child) => [child, once(child, 'exit').then(([code]) => ({ exitCode: code }))]))
  const nextReply = async (child: ChildProcess): Promise<FleetReply> => {
    const answer = await Promise.race([
      once(child, 'message').then(([reply]) => reply as FleetReply),
      exits.get(child)!,
    ])
    if ('exitCode' in answer)
      throw new Error(`A fleet benchmark process exited (code ${answer.exitCode}) before answering.`)
    return answer
  }
  try {
    await Promise.all(children.map(nextReply))
  } catch (error) {
    for (const child of children) child.kill()
    throw error
  }
  const send = (command: FleetCommand) => {
    const replies = children.map(nextReply)
    for (const child of children) child.send(command)
    return Promise.all(replies)
  }
  return {
    send,
    async readSlotStats() {
      const replies = (await send({ type: 'read-stats' })) as Extract<FleetReply, { type: 'stats' }>[]
      const unexpectedEvents: Record<string, number> = {}
      for (const reply of replies) {
        for (const [event, count] of Object.entries(reply.unexpectedEvents)) {
          unexpectedEvents[event] = (unexpectedEvents[event] ?? 0) + count
        }
      }
      return {
        attempts: replies.reduce((sum, reply) => sum + reply.slotAttempts, 0),
        granted: replies.reduce((sum, reply) => sum + reply.slotsGranted, 0),
        unexpectedEvents,
      }
    },
    async close() {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null || !child.connected) return
          child.send({ type: 'exit' } satisfies FleetCommand)
          await exits.get(child)
        }),
      )
    },
  }
}

/** Attempts per key before a setup failure ends the run. */
const SETUP_ATTEMPTS = 3

/**
 * Runs `work` on every key, `WRITERS` at a time. The machine's Redis is shared and busy: a failed key is retried
 * after a pause (`work` must be idempotent); the last failure stops the others and is thrown, naming the key.
 */
async function forEachInParallel(keys: readonly string[], work: (key: string) => Promise<void>): Promise<void> {
  let next = 0
  let failed = false
  const attempt = async (key: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work(key)
      } catch (error) {
        if (attempt >= SETUP_ATTEMPTS) {
          throw new Error(`Benchmark setup failed on ${key}: ${(error as Error).message}`, { cause: error })
        }
        setupRetries++
        await sleep(500)
      }
    }
  }
  const writer = async () => {
    for (let index = next++; index < keys.length && !failed; index = next++) {
      await attempt(keys[index]!).catch((error: unknown) => {
        failed = true
        throw error
      })
    }
  }
  await Promise.all(Array.from({ length: WRITERS }, writer))
}

let setupRetries = 0

/** How many setup steps (seed, rewrite, inspection) were retried after a Redis error, in this process. */
export function countSetupRetries(): number {
  return setupRetries
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 2000)
    if (found.length > 0) await redis.unlink(...found)
    cursor = next
  } while (cursor !== '0')
}
