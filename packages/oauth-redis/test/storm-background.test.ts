import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RefreshWorkerProcess } from './support/refresh-worker-process'
import type { WorkerMessage } from './support/refresh-worker-protocol'
import { createStormSetup, type StormSetup } from './support/storm-setup'

const PROCESSES = 4
const INSTANCES = Array.from({ length: 20 }, (_, index) => `storm-bg-${index}`)

type Result = Extract<WorkerMessage, { type: 'result' }>

let setup: StormSetup
let workers: RefreshWorkerProcess[]

beforeAll(async () => {
  setup = await createStormSetup('storm-bg', INSTANCES)
  await setup.connect(INSTANCES)
  workers = await Promise.all(
    Array.from({ length: PROCESSES }, () =>
      setup.startWorker('storm', { lockLeaseMs: 10_000, httpTimeoutMs: 5_000, backgroundRefreshIntervalMs: 20 }),
    ),
  )
}, 60_000)

afterAll(async () => {
  await Promise.all((workers ?? []).map((worker) => worker.stop()))
  await setup?.dispose()
})

describe('refresh storm with background refresh running in every process', () => {
  it('each expired instance is refreshed exactly once and every caller gets the new token', async () => {
    setup.mock.resetCounters()
    setup.mock.faults.latencyMs = 100
    await setup.expire(INSTANCES)
    const results: Result[] = await Promise.all(
      workers.map((worker) => {
        const result = worker.next('result', 60_000)
        worker.send({ type: 'go', round: 1, instances: INSTANCES, callersPerInstance: 25 })
        return result
      }),
    )
    setup.mock.faults.latencyMs = 0
    expect(results.flatMap((result) => result.errors)).toEqual([])
    expect(setup.mock.counters.reuseDetected).toBe(0)
    expect(setup.mock.counters.invalidGrant).toBe(0)
    for (const instanceKey of INSTANCES) {
      expect(setup.mock.counters.refreshesByInstance[instanceKey]).toBe(1)
      const stored = (await setup.store.getConnection(instanceKey))!
      const served = results.flatMap((result) => result.tokens[instanceKey] ?? [])
      expect(served).toHaveLength(PROCESSES * 25)
      expect(new Set(served)).toEqual(new Set([stored.accessToken]))
    }
  })
})
