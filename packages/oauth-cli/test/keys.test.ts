import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliFixture, K1, K2 } from './support/cli-fixture'
import { countRecordsBySealing, runDuringRefreshStorm } from './support/refresh-storm'

const INSTANCES = Array.from({ length: 120 }, (_, index) => `station-${index}`)

let fixture: CliFixture

beforeAll(async () => {
  fixture = await CliFixture.start(INSTANCES)
  await fixture.connect(fixture.createClient(fixture.createStore([K1])), INSTANCES)
}, 60_000)

afterAll(async () => {
  await fixture?.dispose()
})

describe('rw-oauth keys', () => {
  it('report counts the records of each key id, as a table and as JSON', async () => {
    const table = await fixture.run(['keys', 'report'], [K2, K1])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/k2\s*│\s*0\s*│\s*0\s*│\s*primary/)
    expect(table.stdout).toMatch(/k1\s*│\s*120\s*│\s*0\s*│\s*secondary/)
    const json = await fixture.run(['keys', 'report', '--json'], [K2, K1])
    expect(JSON.parse(json.stdout)).toEqual([
      { key: 'k2', records: 0, pendingLogins: 0, ring: 'primary' },
      { key: 'k1', records: 120, pendingLogins: 0, ring: 'secondary' },
    ])
  })

  it('drop refuses a key that still protects records, and the primary key', async () => {
    const used = await fixture.run(['keys', 'drop', 'k1'], [K2, K1])
    expect(used.code).toBe(1)
    expect(used.stderr).toContain('Key "k1" still encrypts 120 record(s)')
    const primary = await fixture.run(['keys', 'drop', 'k2'], [K2, K1])
    expect(primary.code).toBe(1)
    expect(primary.stderr).toContain('"k2" is the primary key')
  })

  it('rotate --dry-run counts and writes nothing', async () => {
    const run = await fixture.run(['keys', 'rotate', '--dry-run', '--json', '--progress'], [K2, K1])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ scanned: 120, would_reseal: 120, resealed: 0 })
    expect(run.stderr).toContain('Dry run')
    expect(run.stderr).toMatch(/Rotating \[.*\] 100% \| 120\/120 records/)
    expect(await countRecordsBySealing(fixture)).toEqual({ k1: 120 })
  })

  it('rotates every record to the new key while apps refresh the same instances, losing nothing', async () => {
    // Three app processes on the new ring refresh every instance while the rotation runs.
    const { run, refreshesPerRound, errors } = await runDuringRefreshStorm(
      fixture,
      ['keys', 'rotate', '--json'],
      [K2, K1],
      INSTANCES,
      () => fixture.createStore([K2, K1]),
    )
    expect(run.code).toBe(0)
    const summary = JSON.parse(run.stdout)
    expect(summary).toMatchObject({ scanned: 120, busy: 0, unreadable: 0, vanished: 0 })
    expect(summary.resealed + summary.unchanged).toBe(120)
    expect(errors).toEqual([])
    // Every round refreshed each instance exactly once; no refresh token was presented twice.
    expect(refreshesPerRound).toEqual(refreshesPerRound.map(() => INSTANCES.length))
    expect(fixture.mock.counters.invalidGrant).toBe(0)
    expect(fixture.mock.counters.reuseDetected).toBe(0)
    expect(await countRecordsBySealing(fixture)).toEqual({ k2: 120 })

    // Nothing needs k1 any more: an app with only k2 reads every connection and gets the newest token.
    const newOnly = fixture.createStore([K2])
    const issued = fixture.mock.issued().filter((entry) => entry.kind === 'access_token')
    for (const instanceKey of INSTANCES) {
      const record = (await newOnly.getConnection(instanceKey))!
      expect(record.status).toBe('active')
      expect(issued.filter((entry) => entry.instanceKey === instanceKey).at(-1)?.value).toBe(record.accessToken)
    }
    const again = await fixture.run(['keys', 'rotate', '--json'], [K2, K1])
    expect(JSON.parse(again.stdout)).toMatchObject({ resealed: 0, unchanged: 120 })
  }, 120_000)

  it('drop waits for logins still sealed with the key (they expire within minutes)', async () => {
    await fixture.createClient(fixture.createStore([K1])).startAuthorization({ instanceKey: 'station-0' })
    const run = await fixture.run(['keys', 'drop', 'k1'], [K2, K1])
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('still seals 1 login(s) in progress')
    // What its expiry does, without waiting ten minutes.
    const [pendingKey] = (await fixture.listKeys()).filter((key) => key.includes(':pending:'))
    await fixture.redis.del(pendingKey!)
  })

  it('drop allows a key once no record uses it', async () => {
    const run = await fixture.run(['keys', 'drop', 'k1', '--json'], [K2, K1])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ key: 'k1', records: 0, safeToDrop: true, keepInRing: ['k2'] })
    expect(run.stderr).toContain('remove it from RW_TOKEN_KEYS')
  })
})
