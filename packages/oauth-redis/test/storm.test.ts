import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RefreshWorkerProcess } from './support/refresh-worker-process'
import type { WorkerMessage } from './support/refresh-worker-protocol'
import { createStormSetup, type StormSetup } from './support/storm-setup'

const PROCESSES = 4
const SINGLE = 'storm-single'
const MANY = Array.from({ length: 100 }, (_, index) => `storm-many-${index}`)

type Result = Extract<WorkerMessage, { type: 'result' }>

let setup: StormSetup
let workers: RefreshWorkerProcess[]
let round = 0

beforeAll(async () => {
  setup = await createStormSetup('storm', [SINGLE, ...MANY])
  await setup.connect([SINGLE, ...MANY])
  workers = await Promise.all(Array.from({ length: PROCESSES }, () => setup.startWorker('storm')))
}, 60_000)

afterAll(async () => {
  await Promise.all((workers ?? []).map((worker) => worker.stop()))
  await setup?.dispose()
})

/** Expires the instances, releases every worker at once (IPC "go") and collects their results. */
async function runStorm(instances: readonly string[], callersPerInstance: number): Promise<Result[]> {
  await setup.expire(instances)
  setup.mock.resetCounters()
  round += 1
  const results = workers.map((worker) => worker.next('result', 60_000))
  for (const worker of workers) worker.send({ type: 'go', round, instances, callersPerInstance })
  return Promise.all(results)
}

async function expectOneRefreshEach(instances: readonly string[], results: Result[], callersPerInstance: number) {
  const { mock, store, redis } = setup
  expect(results.flatMap((result) => result.errors)).toEqual([])
  expect(results.flatMap((result) => result.warnings)).toEqual([])
  expect(mock.counters.refreshRequests).toBe(instances.length)
  expect(mock.counters.refreshSuccesses).toBe(instances.length)
  expect(mock.counters.invalidGrant).toBe(0)
  expect(mock.counters.reuseDetected).toBe(0)
  const issued = mock.issued().filter((entry) => entry.kind === 'access_token')
  for (const instanceKey of instances) {
    const served = results.flatMap((result) => result.tokens[instanceKey] ?? [])
    expect(served).toHaveLength(PROCESSES * callersPerInstance)
    const stored = (await store.getConnection(instanceKey))!
    expect(new Set(served)).toEqual(new Set([stored.accessToken]))
    // The newest token the server issued for this instance, i.e. the refresh result.
    expect(issued.filter((entry) => entry.instanceKey === instanceKey).at(-1)?.value).toBe(stored.accessToken)
    expect(mock.counters.refreshesByInstance[instanceKey]).toBe(1)
    expect(await redis.exists(setup.lockKeyOf(instanceKey))).toBe(0)
  }
}

describe('refresh storm: 4 processes sharing RedisTokenStore', () => {
  it('1000 callers of one just-expired instance cause exactly one refresh and all get the new token', async () => {
    setup.mock.faults.latencyMs = 300
    const before = (await setup.store.getConnection(SINGLE))!.accessToken
    const results = await runStorm([SINGLE], 250)
    await expectOneRefreshEach([SINGLE], results, 250)
    expect((await setup.store.getConnection(SINGLE))!.accessToken).not.toBe(before)
  })

  it('stays at one refresh per storm with randomised token latencies', async () => {
    for (const latencyMs of [
      { min: 0, max: 50 },
      { min: 50, max: 600 },
      { min: 200, max: 400 },
    ]) {
      setup.mock.faults.latencyMs = latencyMs
      const results = await runStorm([SINGLE], 250)
      await expectOneRefreshEach([SINGLE], results, 250)
    }
  })

  it('refreshes 100 instances × 10 callers × 4 processes exactly once each, concurrently', async () => {
    const latencyMs = 300
    setup.mock.faults.latencyMs = latencyMs
    const results = await runStorm(MANY, 10)
    await expectOneRefreshEach(MANY, results, 10)
    // If instances waited on each other the refreshes would finish ≥ 300 ms apart (≥ 30 s in
    // all); the server's own issue times show them overlapping instead.
    const refreshedAt = setup.mock
      .issued()
      .filter((entry) => entry.kind === 'access_token' && MANY.includes(entry.instanceKey))
      .map((entry) => entry.issuedAt)
      .slice(-MANY.length)
    expect(Math.max(...refreshedAt) - Math.min(...refreshedAt)).toBeLessThan(10 * latencyMs)
  })
})
