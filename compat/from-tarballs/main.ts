// `pnpm compat:tarballs`: the packages as a user installs them from the registry. Packs every package, installs the
// tarballs with npm into scratch projects outside the workspace, and runs every check; see README.md beside this file.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { findNode20 } from '../src/run-on-node'
import { checkFrameworkApp, FRAMEWORK_APPS } from './check-framework-apps'
import { checkTarballContents, lintTarball } from './check-package-quality'
import { runHonoFlowOnWorkerd, runHonoFlowWith, writeFlowInput } from './check-runtimes'
import { checkSizeBudgets } from './check-size-budgets'
import { startFlowMock } from './mock-for-flows'
import { installNodeBinary } from './node-binaries'
import { packPackages, tarballDependencies } from './pack-packages'
import { createScratchProject, runCommand } from './scratch-project'

const repoRoot = join(import.meta.dirname, '..', '..')
const compatBin = join(import.meta.dirname, '..', 'node_modules', '.bin')
const cache = { npmCacheDir: join(process.env.RW_COMPAT_CACHE ?? join(homedir(), '.cache', 'rw-compat'), 'npm') }

const results: { check: string; outcome: string; seconds: number }[] = []
async function check(name: string, run: () => Promise<unknown>): Promise<void> {
  const started = performance.now()
  try {
    const result = await run()
    const detail = typeof result === 'string' ? result : undefined
    results.push({
      check: name,
      outcome: `ok${detail ? ` (${detail})` : ''}`,
      seconds: (performance.now() - started) / 1000,
    })
  } catch (error) {
    results.push({ check: name, outcome: 'FAILED', seconds: (performance.now() - started) / 1000 })
    console.error(`\n✗ ${name}\n${error instanceof Error ? error.message : String(error)}\n`)
  }
}

const root = await mkdtemp(join(tmpdir(), 'rw-compat-'))
await mkdir(cache.npmCacheDir, { recursive: true })
try {
  const tarballs = join(root, 'tarballs')
  await mkdir(tarballs)
  const packStarted = performance.now()
  const packed = await packPackages(repoRoot, tarballs)
  console.log(
    `Built and packed ${packed.length} packages in ${((performance.now() - packStarted) / 1000).toFixed(1)} s`,
  )
  for (const pkg of packed) {
    await check(`${pkg.name}: tarball contents and manifest`, () => checkTarballContents(pkg))
    await check(`${pkg.name}: publint --strict, attw`, () => lintTarball(pkg, compatBin))
  }

  const consumer = await createScratchProject(
    root,
    {
      name: 'consumer',
      dependencies: {
        ...tarballDependencies(packed),
        hono: '^4.13.0',
        ioredis: '^6.0.0',
        vitest: '^4.0.0',
        typescript: '~6.0.3',
        '@types/node': '^20.19.0',
        bun: '^1.3.0',
        deno: '^2.5.0',
        workerd: '^1.20250901.0',
      },
      fixtureDirs: [join(import.meta.dirname, 'fixtures', 'consumer')],
    },
    cache,
  )
  const node20 = (await findNode20()).path
  const node22 = await installNodeBinary(root, 22, cache)
  const nodes: [string, string][] = [
    ['Node 20', node20],
    ['Node 22', node22],
    ['Node 24', await installNodeBinary(root, 24, cache)],
  ]
  for (const [label, node] of nodes) {
    await check(`ESM import of every entry on ${label}`, async () => {
      return JSON.parse((await runCommand(node, ['import-all.mjs'], { cwd: consumer })).stdout).node
    })
    await check(`CJS require of every entry on ${label}`, async () => {
      return JSON.parse((await runCommand(node, ['require-all.cjs'], { cwd: consumer })).stdout).node
    })
  }
  await check('SDK errors from the CJS core mapped by the ESM client (two copies)', async () => {
    await runCommand(node20, ['two-copies.mjs'], { cwd: consumer })
  })
  const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc')
  // The three compilations are independent and mostly single-threaded: run them side by side.
  await Promise.all(
    ['node10', 'node16', 'bundler'].map((resolution) =>
      check(`TypeScript consumer, moduleResolution ${resolution}, skipLibCheck off`, async () => {
        await runCommand(node20, [tsc, '-p', `ts/tsconfig.${resolution}.json`], { cwd: consumer })
      }),
    ),
  )
  await check('size budgets (min+gz)', async () => {
    const kb = (bytes: number) => (bytes / 1024).toFixed(2)
    const sizes = await checkSizeBudgets(consumer)
    return sizes
      .map((size) => {
        const target = size.target === undefined ? '' : `, target ${kb(size.target)}`
        return `${size.name.replace('@rw/oauth-', '')} ${kb(size.bytes)} KB (budget ${kb(size.budget)}${target})`
      })
      .join('; ')
  })

  const mock = await startFlowMock(consumer)
  try {
    await writeFlowInput(consumer, mock)
    const bin = (name: string) => join(consumer, 'node_modules', '.bin', name)
    await check('Hono full flow on Node 20', () => runHonoFlowWith('Node 20', node20, [], consumer, mock))
    await check('Hono full flow on Bun', () => runHonoFlowWith('Bun', bin('bun'), ['run'], consumer, mock))
    await check('Hono full flow on Deno', () =>
      runHonoFlowWith('Deno', bin('deno'), ['run', '--allow-net=127.0.0.1', '--allow-read=.'], consumer, mock),
    )
    await check('Hono full flow on workerd', () => runHonoFlowOnWorkerd(consumer, mock))
    for (const app of FRAMEWORK_APPS) {
      await check(`${app.name} app, full flow`, () =>
        checkFrameworkApp(app, root, packed, cache, mock, { 20: node20, 22: node22 }),
      )
    }
  } finally {
    await mock.close()
  }
} finally {
  console.log('\nCompatibility from the tarballs:')
  for (const { check: name, outcome, seconds } of results)
    console.log(`  ${outcome === 'FAILED' ? '✗' : '✓'} ${name}: ${outcome} [${seconds.toFixed(1)} s]`)
  const failed = results.filter((r) => r.outcome === 'FAILED').length
  if (failed === 0 && process.env.RW_COMPAT_KEEP !== '1') await rm(root, { recursive: true, force: true })
  else console.log(`  scratch projects kept in ${root}`)
  process.exitCode = failed === 0 && results.length > 0 ? 0 : 1
}
