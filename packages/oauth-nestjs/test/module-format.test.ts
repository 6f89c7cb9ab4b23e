import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'tsup'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import tsupConfig from '../tsup.config'

const packageRoot = fileURLToPath(new URL('..', import.meta.url))
const fixtures = join(packageRoot, 'test', 'fixtures')
const run = promisify(execFile)

interface AppReport {
  readonly login: { readonly status: number; readonly location: string; readonly cookies: string[] }
  readonly notConnected: { readonly status: number; readonly body: string }
}

// Nest 11 is CommonJS, Nest 12 is ESM-only: the published build must load in apps of both kinds.
describe('the tsup build', () => {
  let outDir: string

  beforeAll(async () => {
    // Inside the package, so the build's `require('@nestjs/core')` resolves like an installed package's.
    outDir = await mkdtemp(join(packageRoot, 'node_modules', '.module-format-'))
    await build({
      ...(tsupConfig as object),
      config: false,
      outDir,
      dts: false,
      silent: true,
      // The workspace packages are bundled from source: their dist may not be built in a fresh checkout.
      noExternal: [/^@rw\//],
      esbuildOptions(options) {
        options.conditions = ['@rw/source']
      },
    })
  })
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true })
  })

  it.each([
    ['CommonJS', 'nest-app.cjs', 'index.cjs', /require\("@nestjs\/common"\)/],
    ['ES module', 'nest-app.mjs', 'index.js', /from "@nestjs\/common"/],
  ])('boots the module in a %s Nest app', async (_kind, app, entry, nestImport) => {
    // Nest stays external: the app and the module must share one @nestjs/common.
    expect(await readFile(join(outDir, entry), 'utf8')).toMatch(nestImport)
    const { stdout } = await run(process.execPath, [join(fixtures, app), join(outDir, entry)], { timeout: 20_000 })
    const report = JSON.parse(stdout) as AppReport

    expect(report.login.status).toBe(302)
    expect(new URL(report.login.location).searchParams.get('client_id')).toBe('module-format-partner')
    expect(report.login.cookies).toEqual([
      expect.stringMatching(/^rw-oauth-binding-[\w-]{16}=[^;]{22,}; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/),
    ])
    expect(report.notConnected.status).toBe(409)
    expect(report.notConnected.body).toContain('href="/auth/rw/login?instance=desert-broadcasters"')
  })
})
