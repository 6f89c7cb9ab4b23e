import { join } from 'node:path'
import { type CompatCache, createScratchProject, runCommand } from './scratch-project'

/**
 * Node 22 and 24 from the npm registry: the `node-<platform>-<arch>` packages hold the official binaries (the `node`
 * package only wraps them with an install script). Node 20, the oldest supported, is the machine's own.
 */
export async function installNodeBinary(root: string, major: number, cache: CompatCache): Promise<string> {
  const binaryPackage = `node-${process.platform}-${process.arch}`
  const dir = await createScratchProject(
    root,
    { name: `node${major}`, dependencies: { [binaryPackage]: `^${major}.0.0` } },
    cache,
  )
  const node = join(dir, 'node_modules', binaryPackage, 'bin', 'node')
  const { stdout } = await runCommand(node, ['--version'], { cwd: dir })
  if (!stdout.startsWith(`v${major}.`)) throw new Error(`${node} is ${stdout.trim()}, not Node ${major}`)
  return node
}
