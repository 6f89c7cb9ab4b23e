import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliFixture, K1 } from './support/cli-fixture'

const K0 = { id: 'k0', key: Buffer.alloc(32, 9).toString('base64') }
let fixture: CliFixture

function recordKey(instanceKey: string): string {
  return `${fixture.prefix}v1:{${Buffer.from(instanceKey).toString('base64url')}}:connection`
}

function quarantineKey(instanceKey: string): string {
  return recordKey(instanceKey).replace(/:connection$/, ':quarantined')
}

beforeAll(async () => {
  fixture = await CliFixture.start(['good', 'tampered', 'plain', 'old-key'])
  await fixture.connect(fixture.createClient(fixture.createStore([K1])), ['good', 'tampered'])
  await fixture.connect(fixture.createClient(fixture.createStore(undefined)), ['plain'])
  await fixture.connect(fixture.createClient(fixture.createStore([K0])), ['old-key'])
  await fixture.redis.set(recordKey('garbage'), 'definitely not a record')
  const sealed = (await fixture.redis.get(recordKey('tampered')))!
  await fixture.redis.set(recordKey('tampered'), `${sealed.slice(0, -4)}${sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`)
}, 60_000)

afterAll(async () => {
  await fixture?.dispose()
})

describe('rw-oauth repair', () => {
  it('reports every unreadable record and why, changing nothing', async () => {
    const run = await fixture.run(['repair', '--json'], [K1])
    expect(run.code).toBe(3)
    const found = JSON.parse(run.stdout) as { instanceKey: string; problem: string; result: string }[]
    expect(found.map(({ instanceKey, problem, result }) => [instanceKey, problem, result]).sort()).toEqual([
      ['garbage', 'not a record this SDK wrote', 'reported'],
      ['old-key', 'encrypted with key "k0", not in RW_TOKEN_KEYS', 'reported'],
      ['plain', 'plaintext under an encrypting store', 'reported'],
      ['tampered', 'fails to decrypt or parse', 'reported'],
    ])
    const show = await fixture.run(['connections', 'show', 'tampered'], [K1])
    expect(show.code).toBe(1)
    expect(show.stderr).toContain('The record of "tampered" cannot be read')
    expect(show.stderr).toContain('rw-oauth repair')
    const table = await fixture.run(['repair'], [K1])
    expect(table.stdout).toMatch(/tampered\s*│.*│\s*fails to decrypt or parse/)
    expect(table.stderr).toContain('Re-run with --quarantine or --delete')
  })

  it('asks before acting: refuses without a terminal or --yes, and --dry-run only says what it would do', async () => {
    const refused = await fixture.run(['repair', '--quarantine'], [K1])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('pass --yes')
    const dry = await fixture.run(['repair', '--quarantine', '--dry-run'], [K1])
    expect(dry.stdout).toMatch(/garbage\s*│.*│\s*would quarantine/)
    expect(dry.stdout).toMatch(/old-key\s*│.*│\s*left alone \(key not in RW_TOKEN_KEYS\)/)
    expect(dry.stderr).toContain('--include-unknown-keys')
    for (const instanceKey of ['garbage', 'tampered', 'plain', 'old-key']) {
      expect(await fixture.redis.exists(recordKey(instanceKey))).toBe(1)
    }
  })

  it('quarantines the unreadable records but leaves one under a key the CLI was not given', async () => {
    const before = await fixture.redis.get(recordKey('tampered'))
    const run = await fixture.run(['repair', '--quarantine', '--yes', '--json'], [K1])
    expect(run.code).toBe(3)
    expect(
      (JSON.parse(run.stdout) as { instanceKey: string; result: string }[])
        .map((row) => [row.instanceKey, row.result])
        .sort(),
    ).toEqual([
      ['garbage', 'quarantined'],
      ['old-key', 'left alone (key not in RW_TOKEN_KEYS)'],
      ['plain', 'quarantined'],
      ['tampered', 'quarantined'],
    ])
    for (const instanceKey of ['garbage', 'tampered', 'plain']) {
      expect(await fixture.redis.exists(recordKey(instanceKey))).toBe(0)
      expect(await fixture.redis.exists(quarantineKey(instanceKey))).toBe(1)
    }
    expect(await fixture.redis.get(quarantineKey('tampered'))).toBe(before)
    expect(await fixture.redis.exists(recordKey('old-key'))).toBe(1)
    expect((await fixture.createStore([K1]).getConnection('good'))?.status).toBe('active')
    const again = await fixture.run(['repair', '--json'], [K1])
    expect((JSON.parse(again.stdout) as { instanceKey: string }[]).map((entry) => entry.instanceKey)).toEqual([
      'old-key',
    ])
  })

  it('deletes a record under an unknown key only with --include-unknown-keys, then finds everything readable', async () => {
    const run = await fixture.run(['repair', '--delete', '--include-unknown-keys', '--yes'], [K1])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/old-key\s*│.*│\s*deleted/)
    expect(await fixture.redis.exists(recordKey('old-key'))).toBe(0)
    const clean = await fixture.run(['repair'], [K1])
    expect(clean.code).toBe(0)
    expect(clean.stderr).toContain('Every record is readable')
  })
})
