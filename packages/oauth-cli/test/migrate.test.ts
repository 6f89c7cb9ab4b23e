import { createRedactedConnectionRecord } from '@rw/oauth-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliFixture, K1 } from './support/cli-fixture'
import { countRecordsBySealing, runDuringRefreshStorm } from './support/refresh-storm'

const INSTANCES = Array.from({ length: 60 }, (_, index) => `plain-${index}`)

let fixture: CliFixture

beforeAll(async () => {
  fixture = await CliFixture.start(INSTANCES)
  await fixture.connect(fixture.createClient(fixture.createStore(undefined)), INSTANCES)
}, 60_000)

afterAll(async () => {
  await fixture?.dispose()
})

describe('rw-oauth migrate encrypt', () => {
  it('needs RW_TOKEN_KEYS', async () => {
    const run = await fixture.run(['migrate', 'encrypt'], undefined)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Set RW_TOKEN_KEYS')
  })

  it('--dry-run counts what an interrupted run left, writing nothing', async () => {
    // What an interrupted run leaves: some records already encrypted.
    const migrating = fixture.createStore([K1], { readPlaintext: true })
    for (const instanceKey of INSTANCES.slice(0, 10)) {
      const record = (await migrating.getConnection(instanceKey))!
      await migrating.saveConnection(createRedactedConnectionRecord({ ...record, version: record.version + 1 }), {
        expectedVersion: record.version,
      })
    }
    const run = await fixture.run(['migrate', 'encrypt', '--dry-run', '--json'], [K1])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ scanned: 60, would_reseal: 50, unchanged: 10, resealed: 0 })
    expect(await countRecordsBySealing(fixture)).toEqual({ plaintext: 50, k1: 10 })
  })

  it('encrypts every plaintext record in place while the apps refresh them, and is done after one run', async () => {
    const { run, refreshesPerRound, errors } = await runDuringRefreshStorm(
      fixture,
      ['migrate', 'encrypt', '--json'],
      [K1],
      INSTANCES,
      () => fixture.createStore([K1], { readPlaintext: true }),
      2,
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ scanned: 60, busy: 0, unreadable: 0 })
    expect(run.stderr).toContain('deploy the apps without RW_TOKEN_READ_PLAINTEXT')
    expect(errors).toEqual([])
    expect(refreshesPerRound).toEqual(refreshesPerRound.map(() => INSTANCES.length))
    expect(fixture.mock.counters.invalidGrant).toBe(0)
    expect(await countRecordsBySealing(fixture)).toEqual({ k1: 60 })
    // The apps no longer need to read plaintext.
    const encryptedOnly = fixture.createStore([K1])
    for (const instanceKey of INSTANCES) expect((await encryptedOnly.getConnection(instanceKey))?.status).toBe('active')

    const again = await fixture.run(['migrate', 'encrypt', '--json'], [K1])
    expect(JSON.parse(again.stdout)).toMatchObject({ resealed: 0, unchanged: 60 })
  }, 120_000)
})
