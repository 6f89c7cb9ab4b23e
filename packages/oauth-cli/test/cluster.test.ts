import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The seeded Cluster of child processes the store's own Cluster suite uses (one implementation, not a copy).
import { type SeededCluster, startSeededCluster } from '../../oauth-redis/test/support/seeded-cluster'
import { formatRing, K1, K2 } from './support/cli-fixture'
import { runCliProcess } from './support/cli-process'

const INSTANCES = Array.from({ length: 30 }, (_, index) => `cluster-${index}`)
const PREFIX = 'rwtest:cli-cluster:'
let seeded: SeededCluster

beforeAll(async () => {
  seeded = await startSeededCluster(PREFIX, INSTANCES, [K1])
}, 60_000)

afterAll(async () => {
  await seeded?.dispose()
})

describe('rw-oauth on a Redis Cluster (RW_REDIS_CLUSTER=true)', () => {
  it('reports and rotates the records of every primary', async () => {
    const env = {
      REDIS_URL: `redis://127.0.0.1:${seeded.cluster.nodes[0]!.port}`,
      RW_REDIS_CLUSTER: 'true',
      RW_REDIS_PREFIX: PREFIX,
      RW_TOKEN_KEYS: formatRing([K2, K1]),
    }
    const rotated = await runCliProcess(['keys', 'rotate', '--json'], env)
    expect(rotated.code).toBe(0)
    expect(JSON.parse(rotated.stdout)).toMatchObject({ scanned: 30, resealed: 30 })
    const report = await runCliProcess(['keys', 'report', '--json'], env)
    expect(JSON.parse(report.stdout)).toEqual([
      { key: 'k2', records: 30, pendingLogins: 0, ring: 'primary' },
      { key: 'k1', records: 0, pendingLogins: 0, ring: 'secondary' },
    ])
  })
})
