import { execFile } from 'node:child_process'
import { cp, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/** Where the job keeps what survives between runs: npm's cache (tarballs of every dependency and runtime). */
export interface CompatCache {
  readonly npmCacheDir: string
}

/** The output of one command run in a scratch project. */
export interface CommandResult {
  readonly stdout: string
  readonly stderr: string
}

/** Runs a command; a non-zero exit throws with both streams, so a failed check says why. */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number },
): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execFileAsync(file, [...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    return { stdout, stderr }
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(
      `${file} ${args.join(' ')} failed in ${options.cwd}: ${failure.message}\n${failure.stdout ?? ''}\n${failure.stderr ?? ''}`,
    )
  }
}

/** A project outside the workspace with its own package.json and node_modules, installed by npm. */
export interface ScratchProjectSpec {
  readonly name: string
  readonly type?: 'module' | 'commonjs'
  readonly dependencies: Readonly<Record<string, string>>
  /** Fixture folders copied into the project before the install. */
  readonly fixtureDirs?: readonly string[]
}

/**
 * Creates `<root>/<name>`, copies the fixtures and runs `npm install` with the shared cache: the way a user meets
 * the packages (no workspace links, no pnpm). `@rw/*` are pinned to the local tarballs through `overrides`, so a
 * package of the same name on the registry can never be picked instead.
 */
export async function createScratchProject(
  root: string,
  spec: ScratchProjectSpec,
  cache: CompatCache,
): Promise<string> {
  const dir = join(root, spec.name)
  await mkdir(dir, { recursive: true })
  for (const fixtureDir of spec.fixtureDirs ?? []) await cp(fixtureDir, dir, { recursive: true })
  const overrides = Object.fromEntries(
    Object.keys(spec.dependencies)
      .filter((name) => name.startsWith('@rw/'))
      .map((name) => [name, `$${name}`]),
  )
  const manifest = {
    name: `rw-compat-${spec.name}`,
    private: true,
    type: spec.type ?? 'module',
    dependencies: spec.dependencies,
    overrides,
  }
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  await runCommand(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', `--cache=${cache.npmCacheDir}`],
    { cwd: dir },
  )
  return dir
}
