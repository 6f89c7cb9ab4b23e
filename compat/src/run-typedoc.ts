import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The monorepo root, where typedoc.json lives. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** What one typedoc run said. */
export interface TypedocRun {
  readonly exitCode: number
  readonly output: string
  /** Full names of the reflections typedoc reported as undocumented, e.g. `@rw/oauth-core.TokenSet`. */
  readonly undocumented: readonly string[]
}

// Strips colour codes, then takes the name from "X (Kind), defined in ..., does not have any documentation".
const UNDOCUMENTED_LINE = /\[warning\]\s+(\S+) \(\w+\), defined in .* does not have any documentation/
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

/**
 * Runs typedoc from the repository root with the root typedoc.json (exactly what `pnpm docs` runs)
 * plus `args`, and collects what it reported as undocumented.
 */
export function runTypedoc(args: readonly string[], cwd = REPOSITORY_ROOT): Promise<TypedocRun> {
  return new Promise((resolve) => {
    execFile(
      `${REPOSITORY_ROOT}node_modules/.bin/typedoc`,
      [...args],
      { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      function collectTypedocOutput(error, stdout, stderr) {
        const output = `${stdout}${stderr}`.replace(ANSI_ESCAPE, '')
        const undocumented = output.split('\n').flatMap((line) => {
          const match = UNDOCUMENTED_LINE.exec(line)
          return match?.[1] === undefined ? [] : [match[1]]
        })
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
        resolve({ exitCode, output, undocumented })
      },
    )
  })
}
