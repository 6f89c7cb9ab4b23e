import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const SVELTEKIT_APP_DIRECTORY = fileURLToPath(new URL('../sveltekit-app', import.meta.url))
export const SVELTEKIT_HANDLER = join(SVELTEKIT_APP_DIRECTORY, 'build', 'handler.js')

/** Builds bench/sveltekit-app with vite and adapter-node (about 10 s) into its own `build/`. */
export async function buildSvelteKitApp(): Promise<void> {
  const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js')
  await promisify(execFile)(process.execPath, [viteBin, 'build', '--logLevel', 'error'], {
    cwd: SVELTEKIT_APP_DIRECTORY,
    env: { ...process.env, NODE_ENV: 'production' },
  })
}
