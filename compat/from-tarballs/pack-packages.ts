import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runCommand } from './scratch-project'

/** A published package as its tarball: what `npm publish` would upload. */
export interface PackedPackage {
  readonly name: string
  readonly dir: string
  readonly tarball: string
}

/**
 * Builds every package under packages/ and packs it with `pnpm pack`, which applies `publishConfig` and turns
 * `workspace:` ranges into versions exactly as `changeset publish` (pnpm publish) does.
 */
export async function packPackages(repoRoot: string, destination: string): Promise<PackedPackage[]> {
  await runCommand('pnpm', ['--filter', './packages/*', 'build'], { cwd: repoRoot, timeoutMs: 600_000 })
  const packagesDir = join(repoRoot, 'packages')
  const packed: PackedPackage[] = []
  for (const entry of (await readdir(packagesDir)).sort()) {
    const dir = join(packagesDir, entry)
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      name: string
      private?: boolean
    }
    if (manifest.private === true) continue
    const { stdout } = await runCommand('pnpm', ['pack', '--pack-destination', destination, '--json'], { cwd: dir })
    const { filename } = JSON.parse(stdout) as { filename: string }
    packed.push({
      name: manifest.name,
      dir,
      tarball: filename.startsWith('/') ? filename : join(destination, filename),
    })
  }
  return packed
}

/** `file:` dependency specs for every packed package. */
export function tarballDependencies(packed: readonly PackedPackage[]): Record<string, string> {
  return Object.fromEntries(packed.map((pkg) => [pkg.name, `file:${pkg.tarball}`]))
}
