import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliFixture, K1 } from './support/cli-fixture'
import { runCliProcess } from './support/cli-process'

let fixture: CliFixture

function issuedTokens(): string[] {
  return fixture.mock.issued().map((entry) => entry.value)
}

function expectNoToken(text: string): void {
  for (const token of issuedTokens()) expect(text).not.toContain(token)
}

beforeAll(async () => {
  fixture = await CliFixture.start(['desert', 'forest', 'harbour'])
  await fixture.connect(fixture.createClient(fixture.createStore([K1])), ['desert', 'forest', 'harbour'])
}, 60_000)

afterAll(async () => {
  await fixture?.dispose()
})

describe('rw-oauth connections', () => {
  it('show prints the connection and its encryption key, never a token', async () => {
    const table = await fixture.run(['connections', 'show', 'desert'], [K1])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/instanceKey:\s+desert/)
    expect(table.stdout).toMatch(/status:\s+active/)
    expect(table.stdout).toMatch(/encryption:\s+key k1/)
    const json = await fixture.run(['--json', 'connections', 'show', 'desert'], [K1])
    expect(JSON.parse(json.stdout)).toMatchObject({
      instanceKey: 'desert',
      status: 'active',
      version: 1,
      scopes: ['basic'],
    })
    expectNoToken(table.stdout + table.stderr + json.stdout + json.stderr)
  })

  it('show names an unknown instance, and a missing REDIS_URL, with exit code 1', async () => {
    const unknown = await fixture.run(['connections', 'show', 'nowhere'], [K1])
    expect(unknown).toMatchObject({ code: 1, stdout: '' })
    expect(unknown.stderr).toContain('No connection is stored for instance "nowhere"')
    const noRedis = await runCliProcess(['connections', 'show', 'desert'], {})
    expect(noRedis.code).toBe(1)
    expect(noRedis.stderr).toContain('Set REDIS_URL')
  })

  it('refresh --dry-run calls nothing; refresh refreshes once through the SDK', async () => {
    fixture.mock.resetCounters()
    const dry = await fixture.run(['connections', 'refresh', 'desert', '--dry-run'], [K1])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(/action:\s+would refresh/)
    expect(fixture.mock.counters.refreshRequests).toBe(0)

    const run = await fixture.run(['connections', 'refresh', 'desert', '--json'], [K1])
    expect(run.code).toBe(0)
    const refreshed = JSON.parse(run.stdout)
    expect(refreshed).toMatchObject({ instanceKey: 'desert', status: 'active', lastRefreshAt: expect.any(String) })
    expect(refreshed.version).toBeGreaterThan(1)
    expect(fixture.mock.counters.refreshSuccesses).toBe(1)
    expectNoToken(run.stdout + run.stderr)
  })

  it('refresh names the missing partner variables', async () => {
    const run = await runCliProcess(['connections', 'refresh', 'desert'], {
      REDIS_URL: 'redis://127.0.0.1:6379',
      RW_REDIS_PREFIX: fixture.prefix,
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Set RW_PARTNER_KEY, RW_PARTNER_SECRET, RW_TOKEN_URL, RW_REFRESH_URL')
  })

  it('disconnect asks first (refusing without a terminal), honours --dry-run, and deletes with --yes', async () => {
    const dry = await fixture.run(['connections', 'disconnect', 'forest', '--dry-run'], [K1])
    expect(dry.code).toBe(0)
    const unconfirmed = await fixture.run(['connections', 'disconnect', 'forest'], [K1])
    expect(unconfirmed.code).toBe(1)
    expect(unconfirmed.stderr).toContain('pass --yes')
    expect(await fixture.createStore([K1]).getConnection('forest')).not.toBeNull()

    const run = await fixture.run(['connections', 'disconnect', 'forest', '--yes', '--json'], [K1])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ instanceKey: 'forest', disconnected: true })
    expect(await fixture.createStore([K1]).getConnection('forest')).toBeNull()
    // Like an app's disconnect, it reaches the deployment's event stream.
    const events = await fixture.redis.xrange(`${fixture.prefix}v1:events`, '-', '+')
    expect(events.map(([, fields]) => [fields[1], JSON.parse(fields[5]!).instanceKey])).toContainEqual([
      'disconnected',
      'forest',
    ])
  })

  it("list and count read the store's connection registry: filters, pages, tables and JSON", async () => {
    const table = await fixture.run(['connections', 'list'], [K1])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/harbour\s*│\s*active\s*│\s*1/)
    expect(table.stdout).toMatch(/desert\s*│\s*active\s*│\s*\d+/)
    // Disconnected earlier in this file: gone from the registry with its record.
    expect(table.stdout).not.toContain('forest')

    const one = await fixture.run(['connections', 'list', '--json', '--limit', '1'], [K1])
    expect(JSON.parse(one.stdout)).toHaveLength(1)
    const none = await fixture.run(['connections', 'list', '--json', '--status', 'reauthorization_required'], [K1])
    expect(JSON.parse(none.stdout)).toEqual([])
    const expiring = await fixture.run(
      ['connections', 'list', '--json', '--expires-before', '2000-01-01T00:00:00Z'],
      [K1],
    )
    expect(JSON.parse(expiring.stdout)).toEqual([])
    const badStatus = await fixture.run(['connections', 'list', '--status', 'sleeping'], [K1])
    expect(badStatus.code).toBe(2)

    const counts = await fixture.run(['connections', 'count', '--json'], [K1])
    expect(JSON.parse(counts.stdout)).toEqual({ active: 2, refresh_outcome_unknown: 0, reauthorization_required: 0 })
    expectNoToken(table.stdout + one.stdout + counts.stdout)
  })

  it('reindex rebuilds lost registry entries (with --dry-run to compare first)', async () => {
    // A lost index entry, as after a Cluster failover or an upgrade from a version without the registry.
    for (const key of (await fixture.listKeys()).filter((name) => name.endsWith(':registry'))) {
      await fixture.redis.hdel(key, 'harbour')
    }
    const before = await fixture.run(['connections', 'list', '--json'], [K1])
    expect(JSON.parse(before.stdout).map((row: { instanceKey: string }) => row.instanceKey)).toEqual(['desert'])

    const dry = await fixture.run(['connections', 'reindex', '--dry-run', '--json'], [K1])
    expect(dry.code).toBe(0)
    expect(JSON.parse(dry.stdout)).toEqual({ records: 2, listed: 1 })

    const run = await fixture.run(['connections', 'reindex', '--json'], [K1])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ records: 2, entriesWritten: 1, unreadableRecords: 0 })
    const after = await fixture.run(['connections', 'list', '--json'], [K1])
    expect(
      JSON.parse(after.stdout)
        .map((row: { instanceKey: string }) => row.instanceKey)
        .sort(),
    ).toEqual(['desert', 'harbour'])
  })
})
