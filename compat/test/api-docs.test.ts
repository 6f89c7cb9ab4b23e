import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { REPOSITORY_ROOT, runTypedoc } from '../src/run-typedoc'

const COMPAT_ROOT = fileURLToPath(new URL('../', import.meta.url))

describe('API reference (typedoc.json, what `pnpm docs` builds)', () => {
  it('every public export of every published package has a doc comment typedoc renders', async () => {
    const run = await runTypedoc(['--emit', 'none'])
    expect(run.undocumented, 'add a TSDoc comment to each of these exports').toEqual([])
    expect(run.output).toContain('Converting project at ./packages/oauth-core')
    expect(run.output).toContain('Converting project at ./packages/oauth-testing')
    expect(run.output).toContain('Merging converted projects')
    expect(run.output).not.toContain('[error]')
    expect(run.exitCode).toBe(0)
  })

  // The repository's rules (typedoc.json) on a fixture instead of the packages.
  const runTypedocOnFixture = (readme: string) =>
    runTypedoc(
      [
        '--options',
        `${REPOSITORY_ROOT}typedoc.json`,
        '--entryPointStrategy',
        'resolve',
        '--entryPoints',
        'test/fixtures/undocumented-export.ts',
        '--tsconfig',
        'tsconfig.json',
        '--packagesRequiringDocumentation',
        '@rw/compat',
        '--readme',
        readme,
        '--emit',
        'none',
      ],
      COMPAT_ROOT,
    )

  it('the same rules reject an undocumented function', async () => {
    const run = await runTypedocOnFixture('none')
    expect(run.undocumented).toEqual(['greetUndocumented'])
    expect(run.exitCode).not.toBe(0)
  })

  it('rejects a README link to a folder (it would be a broken link in the generated site)', async () => {
    const run = await runTypedocOnFixture('test/fixtures/readme-with-folder-link.md')
    expect(run.output).toMatch(/relative path \S+\/apps\/demo is not a file/)
    expect(run.exitCode).not.toBe(0)
  })
})
