import type { RadioWorkflow } from '@rw/oauth-client'
import type { RedisEncryptionKey } from '@rw/oauth-redis'
import { RedisStoreMaintenance } from '@rw/oauth-redis'
import { waitUntil } from '@rw/oauth-testing/contract'
import type { CliFixture } from './cli-fixture'
import { type CliRun, startCliProcess } from './cli-process'

const HOUR = 3_600_000

/** What happened while a CLI command ran during a refresh storm. */
export interface StormResult {
  readonly run: CliRun
  /** Token-endpoint refreshes per storm round. */
  readonly refreshesPerRound: readonly number[]
  /** Error codes the apps' getAccessToken calls threw. */
  readonly errors: readonly string[]
}

/**
 * Runs `rw-oauth <args>` as its own process while `processes` app clients (each its own store and Redis
 * connection, on `appRing`) call getAccessToken for every instance in rounds. Their clock jumps two hours a
 * round, so each round every token is due and must be refreshed exactly once between them. The storm starts
 * once the CLI is connected to Redis (seen in CLIENT LIST) and runs at least two rounds and until the CLI exits.
 */
export async function runDuringRefreshStorm(
  fixture: CliFixture,
  args: readonly string[],
  cliRing: readonly RedisEncryptionKey[],
  instances: readonly string[],
  appStore: () => ReturnType<CliFixture['createStore']>,
  processes = 3,
): Promise<StormResult> {
  let offset = 0
  const clients: RadioWorkflow[] = Array.from({ length: processes }, () =>
    fixture.createClient(appStore(), { now: () => Date.now() + offset }),
  )
  fixture.mock.faults.latencyMs = { min: 5, max: 40 }
  fixture.mock.resetCounters()
  const cli = startCliProcess(args, fixture.env(cliRing))
  await waitUntil(
    async () => String(await fixture.redis.client('LIST')).includes(`name=rw-oauth-${cli.pid}`),
    'the CLI is connected',
  )
  let running = true
  const finished = cli.finished.finally(() => {
    running = false
  })
  const refreshesPerRound: number[] = []
  const errors: string[] = []
  while (running || refreshesPerRound.length < 2) {
    offset += 2 * HOUR
    const before = fixture.mock.counters.refreshSuccesses
    await Promise.all(
      clients.flatMap((rw) =>
        instances.map((instanceKey) =>
          rw.getAccessToken(instanceKey).catch((error: { code?: string }) => errors.push(error.code ?? String(error))),
        ),
      ),
    )
    refreshesPerRound.push(fixture.mock.counters.refreshSuccesses - before)
  }
  const run = await finished
  fixture.mock.faults.latencyMs = 0
  return { run, refreshesPerRound, errors }
}

/** Records per key id (or `plaintext` / `unrecognised`), from the envelopes. */
export async function countRecordsBySealing(fixture: CliFixture): Promise<Record<string, number>> {
  const maintenance = new RedisStoreMaintenance({ redis: fixture.redis, prefix: fixture.prefix })
  const counts: Record<string, number> = {}
  for await (const batch of maintenance.scanRecords()) {
    for (const record of batch) {
      const key = record.keyId ?? record.sealing
      counts[key] = (counts[key] ?? 0) + 1
    }
  }
  return counts
}
