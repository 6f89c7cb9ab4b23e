import { join } from 'node:path'
import type { PackedPackage } from './pack-packages'
import { runCommand } from './scratch-project'

const REQUIRED_FILES = ['package/LICENSE', 'package/README.md', 'package/CHANGELOG.md', 'package/package.json']

/** Types-only subpaths for ESM-only frameworks: checked with attw's `esm-only` profile (no CommonJS consumer exists). */
const ESM_ONLY_ENTRYPOINTS: Readonly<Record<string, readonly string[]>> = { '@rw/oauth-sveltekit': ['./ambient'] }

interface PublishedManifest {
  readonly exports?: unknown
  readonly repository?: { readonly url?: string }
  readonly publishConfig?: { readonly access?: string; readonly provenance?: boolean }
}

/** What a tarball must hold and its manifest must say before it can be published with provenance. */
export async function checkTarballContents(pkg: PackedPackage): Promise<void> {
  const { stdout: listing } = await runCommand('tar', ['tzf', pkg.tarball], { cwd: pkg.dir })
  const files = listing.split('\n').filter(Boolean)
  const missing = REQUIRED_FILES.filter((file) => !files.includes(file))
  if (missing.length > 0) throw new Error(`${pkg.name}: the tarball lacks ${missing.join(', ')}`)
  const sources = files.filter((file) => file.startsWith('package/src/') || file.endsWith('.test.js'))
  if (sources.length > 0) throw new Error(`${pkg.name}: the tarball ships sources or tests: ${sources.join(', ')}`)
  const { stdout: text } = await runCommand('tar', ['xzOf', pkg.tarball, 'package/package.json'], { cwd: pkg.dir })
  const manifest = JSON.parse(text) as PublishedManifest
  const problems = [
    JSON.stringify(manifest.exports).includes('@rw/source') && 'keeps the workspace-only `@rw/source` export condition',
    text.includes('workspace:') && 'keeps a `workspace:` range',
  ].filter((problem) => typeof problem === 'string')
  if (!manifest.repository?.url) problems.push('has no repository.url (provenance publishing needs it)')
  if (manifest.publishConfig?.access !== 'public') problems.push('is not publishConfig.access "public"')
  if (manifest.publishConfig?.provenance !== true) problems.push('does not ask for provenance')
  if (problems.length > 0) throw new Error(`${pkg.name}: the published package.json ${problems.join('; ')}`)
}

/** publint (strict: warnings fail) and Are The Types Wrong (every resolution mode, node10 included). */
export async function lintTarball(pkg: PackedPackage, toolsBin: string): Promise<void> {
  await runCommand(join(toolsBin, 'publint'), ['run', pkg.tarball, '--strict'], { cwd: pkg.dir })
  const esmOnly = ESM_ONLY_ENTRYPOINTS[pkg.name] ?? []
  const attw = join(toolsBin, 'attw')
  const common = ['--format', 'ascii', '--no-emoji', '--no-color']
  await runCommand(attw, [pkg.tarball, ...common, ...(esmOnly.length ? ['--exclude-entrypoints', ...esmOnly] : [])], {
    cwd: pkg.dir,
  })
  if (esmOnly.length > 0) {
    await runCommand(attw, [pkg.tarball, ...common, '--profile', 'esm-only', '--entrypoints', ...esmOnly], {
      cwd: pkg.dir,
    })
  }
}
