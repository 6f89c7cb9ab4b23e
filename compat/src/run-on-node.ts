import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { CompatFlowInput, CompatFlowReport } from './run-compat-flow'

const execFileAsync = promisify(execFile)

/** The oldest Node the packages support (`engines` in every package.json). */
const MINIMUM_NODE = [20, 19] as const

/** Where CI machines keep their Node 20; the toolchain itself runs on Node 24. */
export const DEFAULT_NODE20_PATH = '/usr/bin/node'

/** A Node binary to run the bundle on, and the version it reported. */
export interface NodeBinary {
  readonly path: string
  readonly version: string
}

/**
 * Finds the Node 20 binary (`NODE20_PATH`, else /usr/bin/node) and checks it really is Node 20.19+ on the
 * 20 line: proving compatibility with the toolchain's own Node 24 would prove nothing.
 */
export async function findNode20(env: Record<string, string | undefined> = process.env): Promise<NodeBinary> {
  const path = env.NODE20_PATH ?? DEFAULT_NODE20_PATH
  if (!existsSync(path)) {
    throw new Error(
      `No Node 20 binary at ${path}. Install Node 20.19+ there (Debian: apt-get install nodejs) or set NODE20_PATH to one.`,
    )
  }
  const { stdout } = await execFileAsync(path, ['--version'])
  const version = stdout.trim()
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  if (major !== MINIMUM_NODE[0] || minor < MINIMUM_NODE[1]) {
    throw new Error(
      `${path} is Node ${version}; the compatibility test needs Node 20.19+ on the 20 line (set NODE20_PATH).`,
    )
  }
  return { path, version }
}

// The child only imports the bundle; reading argv and printing is the harness's part, not the SDK's.
const RUNNER = `import { runCompatFlow } from './compat-flow.mjs'
const report = await runCompatFlow(JSON.parse(process.argv[2]))
process.stdout.write(JSON.stringify({ nodeVersion: process.version, report }))
`

/** What the child printed. */
export interface NodeRunResult {
  readonly nodeVersion: string
  readonly report: CompatFlowReport
}

/** Writes the ESM bundle to a temporary directory and runs the flow in a child process of `node`. */
export async function runFlowOnNode(
  node: NodeBinary,
  esmBundle: string,
  input: CompatFlowInput,
): Promise<NodeRunResult> {
  const directory = await mkdtemp(join(tmpdir(), 'rw-compat-'))
  try {
    await writeFile(join(directory, 'compat-flow.mjs'), esmBundle)
    await writeFile(join(directory, 'main.mjs'), RUNNER)
    const { stdout } = await execFileAsync(node.path, ['main.mjs', JSON.stringify(input)], {
      cwd: directory,
      // Only what Node itself needs: the child must not inherit Node 24 flags or loaders from pnpm.
      env: { PATH: process.env.PATH ?? '' },
      timeout: 30_000,
    })
    return JSON.parse(stdout) as NodeRunResult
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}
