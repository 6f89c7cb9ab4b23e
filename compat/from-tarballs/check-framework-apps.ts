import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { driveAppFlow, findFreePort, startApp } from './app-flow'
import type { FlowMock } from './mock-for-flows'
import type { PackedPackage } from './pack-packages'
import { type CompatCache, createScratchProject, runCommand } from './scratch-project'

const fixtures = join(import.meta.dirname, 'fixtures')

/** One framework app the job installs from the registry next to the tarballs and drives through the flow. */
export interface FrameworkApp {
  readonly name: string
  readonly adapter: '@rw/oauth-nestjs' | '@rw/oauth-sveltekit'
  readonly dependencies: Readonly<Record<string, string>>
  readonly fixtureDirs: readonly string[]
  /** Builds the app, when it needs a build (SvelteKit). */
  readonly buildArgs?: readonly string[]
  readonly serveArgs: readonly string[]
  /** GET /stations before connecting: 409 where the adapter maps SDK errors, 500 where the framework answers. */
  readonly notConnectedStatus: number
  /** The package whose installed version the report names. */
  readonly versionOf: string
  /** The oldest Node the framework supports, when newer than Node 20 (SvelteKit 3 needs 22.17+). */
  readonly nodeMajor: 20 | 22
}

const nestApp = (major: number, format: 'cjs' | 'esm'): FrameworkApp => ({
  name: `Nest ${major} (${format === 'cjs' ? 'CommonJS' : 'ESM'})`,
  adapter: '@rw/oauth-nestjs',
  dependencies: {
    '@nestjs/common': `^${major}.0.0`,
    '@nestjs/core': `^${major}.0.0`,
    '@nestjs/platform-express': `^${major}.0.0`,
    'reflect-metadata': '^0.2.2',
    rxjs: '^7.8.2',
  },
  fixtureDirs: [join(fixtures, 'nest')],
  serveArgs: [format === 'cjs' ? 'run-nest-cjs.cjs' : 'run-nest-esm.mjs'],
  notConnectedStatus: 409,
  versionOf: '@nestjs/core',
  nodeMajor: 20,
})

const svelteKitApp = (major: number, adapterNode: string, nodeMajor: 20 | 22): FrameworkApp => ({
  name: `SvelteKit ${major}`,
  adapter: '@rw/oauth-sveltekit',
  dependencies: {
    '@sveltejs/kit': `^${major}.0.0`,
    '@sveltejs/adapter-node': adapterNode,
    '@sveltejs/vite-plugin-svelte': '^7.0.0',
    svelte: '^5.0.0',
    vite: '^8.0.0',
  },
  fixtureDirs: [join(fixtures, 'sveltekit', 'app'), join(fixtures, 'sveltekit', `kit${major}`)],
  buildArgs: ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
  serveArgs: ['serve.js'],
  notConnectedStatus: 500,
  versionOf: '@sveltejs/kit',
  nodeMajor,
})

/**
 * Nest 10 and 11 as CommonJS apps, Nest 12 as an ES module app (it is ESM-only), SvelteKit 2 and 3 built with
 * adapter-node: each installed by npm in its own project and driven through login, consent, callback and an API call.
 */
export const FRAMEWORK_APPS: readonly FrameworkApp[] = [
  nestApp(10, 'cjs'),
  nestApp(11, 'cjs'),
  nestApp(12, 'esm'),
  svelteKitApp(2, '^5.0.0', 20),
  svelteKitApp(3, '^6.0.0', 22),
]

/** Installs, builds, serves and drives one framework app; returns the framework and Node versions it ran on. */
export async function checkFrameworkApp(
  app: FrameworkApp,
  root: string,
  packed: readonly PackedPackage[],
  cache: CompatCache,
  mock: FlowMock,
  nodes: Readonly<Record<20 | 22, string>>,
): Promise<string> {
  const node = nodes[app.nodeMajor]
  const sdk = packed.filter((pkg) => ['@rw/oauth-core', '@rw/oauth-client', app.adapter].includes(pkg.name))
  const dir = await createScratchProject(
    root,
    {
      name: app.name.replace(/\W+/g, '-').replace(/-$/, '').toLowerCase(),
      dependencies: { ...Object.fromEntries(sdk.map((pkg) => [pkg.name, `file:${pkg.tarball}`])), ...app.dependencies },
      fixtureDirs: app.fixtureDirs,
    },
    cache,
  )
  await writeFile(join(dir, 'flow-input.json'), JSON.stringify(mock.input))
  if (app.buildArgs) await runCommand(node, app.buildArgs, { cwd: dir, timeoutMs: 300_000 })
  const running = await startApp(node, app.serveArgs, { cwd: dir, env: { PORT: String(await findFreePort()) } })
  try {
    await driveAppFlow(app.name, running, mock, { notConnectedStatus: app.notConnectedStatus })
  } finally {
    running.stop()
  }
  return `${app.versionOf} ${await readInstalledVersion(dir, app.versionOf)} on Node ${app.nodeMajor}`
}

/** The version npm installed for `name` in `projectDir` (read from disk: not every package exports package.json). */
export async function readInstalledVersion(projectDir: string, name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(projectDir, 'node_modules', name, 'package.json'), 'utf8'))
  return (manifest as { version: string }).version
}
