import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMockRadioWorkflow, type MockRadioWorkflow } from '@rw/oauth-testing'
import { createInstanceConnector, type InstanceConnector } from './instance-connector'
import { type PrivateRedisServer, startPrivateRedisServer } from './private-redis-server'
import { type NetworkFaultSource, type RecordingTokenServer, startRecordingTokenServer } from './recording-token-server'
import { RevocationLedger } from './revocation-attribution'
import type { SoakOptions } from './soak-options'
import type { SoakWorkerConfig } from './soak-protocol'

/** The parts a soak run shares: private Redis, mock server behind its recording front, the ledger. */
export interface SoakEnvironment {
  readonly redis: PrivateRedisServer
  readonly mock: MockRadioWorkflow
  readonly server: RecordingTokenServer
  readonly ledger: RevocationLedger
  readonly connector: InstanceConnector
  readonly instanceKeys: readonly string[]
  /** Everything a worker needs except its id and seed. */
  readonly workerConfig: Omit<SoakWorkerConfig, 'workerId' | 'seed'>
  dispose(): Promise<void>
}

/** Where network faults come from; set once the fault injector exists (it needs the workers). */
export interface FaultSourceSlot extends NetworkFaultSource {
  source: NetworkFaultSource | null
}

export async function createSoakEnvironment(
  options: SoakOptions,
  clock: () => number,
  faults: FaultSourceSlot,
): Promise<SoakEnvironment> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rw-soak-'))
  // Also on the way out through the watchdog or a signal, which skip dispose().
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true })
  process.once('exit', removeDataDir)
  const redis = await startPrivateRedisServer({ persistence: options.persistence, dataDir: join(dataDir, 'redis') })
  const instanceKeys = Array.from({ length: options.instances }, (_, index) => `station-${index}`)
  const mock = createMockRadioWorkflow({
    instances: instanceKeys.map((key) => ({ key, name: `Soak ${key}` })),
    accessTokenLifetimeSeconds: options.tokenLifetimeSeconds,
    rotateRefreshTokens: true,
    reuseGraceMs: 0,
  })
  const ledger = new RevocationLedger()
  const server = await startRecordingTokenServer({
    mock,
    faults,
    clock,
    onPresentation: (presentation) => ledger.recordPresentation(presentation),
  })
  const onServer = (url: string) => `${server.url}${new URL(url).pathname}`
  const workerConfig = {
    redisUrl: redis.url,
    prefix: `rwsoak:${randomBytes(4).toString('hex')}:`,
    encryptionKey: randomBytes(32).toString('base64'),
    endpoints: {
      authorize: onServer(mock.urls.authorize),
      token: onServer(mock.urls.token),
      refresh: onServer(mock.urls.refresh),
      api: onServer(mock.urls.api),
    },
    instanceKeys,
    sdk: options.sdk,
    callerPauseMs: { min: 100, max: 400 },
    forcedRefreshShare: 0.01,
  }
  const connector = createInstanceConnector(mock, workerConfig)
  return {
    redis,
    mock,
    server,
    ledger,
    connector,
    instanceKeys,
    workerConfig,
    async dispose() {
      await connector.close()
      await server.close()
      await redis.dispose()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
