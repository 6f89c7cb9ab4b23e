import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ConnectionRecord } from '@rw/oauth-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliFixture, K1 } from './support/cli-fixture'

let fixture: CliFixture
let directory: string
const previous: Record<string, ConnectionRecord> = {}

/** A pair as the partner's previous integration would hold it: taken from a real grant, then forgotten by the store. */
async function takeOver(instanceKey: string): Promise<ConnectionRecord> {
  const store = fixture.createStore([K1])
  const record = (await store.getConnection(instanceKey))!
  await store.deleteConnection(instanceKey)
  return record
}

beforeAll(async () => {
  fixture = await CliFixture.start(['with-access', 'refresh-only', 'already-here'])
  await fixture.connect(fixture.createClient(fixture.createStore([K1])), [
    'with-access',
    'refresh-only',
    'already-here',
  ])
  previous['with-access'] = await takeOver('with-access')
  previous['refresh-only'] = await takeOver('refresh-only')
  directory = await mkdtemp(join(tmpdir(), 'rw-oauth-import-'))
}, 60_000)

afterAll(async () => {
  await rm(directory, { recursive: true, force: true })
  await fixture?.dispose()
})

function importLines(): string {
  const withAccess = previous['with-access']!
  const refreshOnly = previous['refresh-only']!
  return [
    JSON.stringify({
      instanceKey: 'with-access',
      refreshToken: withAccess.refreshToken,
      accessToken: withAccess.accessToken,
      expiresAt: new Date(withAccess.expiresAt).toISOString(),
      scopes: ['basic'],
    }),
    '',
    JSON.stringify({ instanceKey: 'refresh-only', refreshToken: refreshOnly.refreshToken, scopes: ['basic'] }),
    JSON.stringify({ instanceKey: 'already-here', refreshToken: 'rt-from-elsewhere', scopes: ['basic'] }),
  ].join('\n')
}

function expectNoImportedToken(text: string): void {
  for (const record of Object.values(previous)) {
    expect(text).not.toContain(record.accessToken)
    expect(text).not.toContain(record.refreshToken)
  }
}

describe('rw-oauth import', () => {
  it('rejects a file with any bad line, naming lines and problems but never their content; imports nothing', async () => {
    const file = join(directory, 'bad.jsonl')
    const refreshToken = previous['refresh-only']!.refreshToken!
    await writeFile(
      file,
      [
        JSON.stringify({ instanceKey: 'refresh-only', refreshToken, scopes: ['basic'] }),
        `{"instanceKey": "broken", "refreshToken": "${refreshToken}"`,
        JSON.stringify({ instanceKey: 'no-scopes', refreshToken }),
        JSON.stringify({ instanceKey: 'bad-expiry', refreshToken, scopes: ['basic'], expiresAt: 'soon' }),
      ].join('\n'),
    )
    const run = await fixture.run(['import', file], [K1])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/2\s*│\s*not valid JSON/)
    expect(run.stdout).toMatch(/3\s*│\s*scopes must be an array/)
    expect(run.stdout).toMatch(/4\s*│\s*expiresAt must be/)
    expect(run.stderr).toContain('3 line(s) cannot be imported')
    expectNoImportedToken(run.stdout + run.stderr)
    expect(await fixture.createStore([K1]).getConnection('refresh-only')).toBeNull()
  })

  it('--dry-run reports what would happen and writes nothing', async () => {
    const file = join(directory, 'pairs.jsonl')
    await writeFile(file, importLines())
    const run = await fixture.run(['import', file, '--dry-run', '--json'], [K1])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([
      { instanceKey: 'with-access', result: 'would import' },
      { instanceKey: 'refresh-only', result: 'would import' },
      { instanceKey: 'already-here', result: 'exists (would skip)' },
    ])
    expect(await fixture.createStore([K1]).getConnection('with-access')).toBeNull()
  })

  it('imports pairs from standard input so the instances keep working without reconnecting', async () => {
    const run = await fixture.run(['import', '-', '--json'], [K1], importLines())
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([
      { instanceKey: 'with-access', result: 'imported' },
      { instanceKey: 'refresh-only', result: 'imported' },
      { instanceKey: 'already-here', result: 'exists (skipped)' },
    ])
    expectNoImportedToken(run.stdout + run.stderr)

    fixture.mock.resetCounters()
    const rw = fixture.createClient(fixture.createStore([K1]))
    // A valid imported access token is served as is; a pair without one refreshes with the imported refresh token.
    expect(await rw.getAccessToken('with-access')).toBe(previous['with-access']!.accessToken)
    const refreshed = await rw.getAccessToken('refresh-only')
    expect(
      fixture.mock.issued().at(-1)?.value === refreshed || fixture.mock.issued().some((t) => t.value === refreshed),
    ).toBe(true)
    expect(fixture.mock.counters.refreshSuccesses).toBe(1)
    expect(fixture.mock.counters.invalidGrant).toBe(0)
    const events = await fixture.redis.xrange(`${fixture.prefix}v1:events`, '-', '+')
    const connected = events
      .filter(([, fields]) => fields[1] === 'connected')
      .map(([, fields]) => JSON.parse(fields[5]!))
    expect(connected).toEqual(
      expect.arrayContaining([
        { instanceKey: 'with-access', version: 1 },
        { instanceKey: 'refresh-only', version: 1 },
      ]),
    )
  })
})
