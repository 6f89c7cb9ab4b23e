import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { CreateRadioWorkflowOptions } from '@rw/oauth-client'

const FIXTURE_DIRECTORY = fileURLToPath(new URL('../fixture-app', import.meta.url))
// Must equal the symbol the fixture app reads in src/lib/server/registered-options.ts.
const REGISTRY = Symbol.for('@rw/oauth-sveltekit/fixture-app/options')

type NodeRequestListener = (
  request: import('node:http').IncomingMessage,
  response: import('node:http').ServerResponse,
) => void

export interface BuiltFixtureApp {
  /** adapter-node's `handler` of the built app, loaded into this process. */
  readonly handler: NodeRequestListener
  /** The next requests are served by a client created from these options. */
  registerOptions(options: CreateRadioWorkflowOptions): void
  remove(): Promise<void>
}

/** Builds test/fixture-app with vite and adapter-node (the package's own kit devDependency) into a temporary directory. */
export async function buildFixtureApp(): Promise<BuiltFixtureApp> {
  const outDirectory = await mkdtemp(join(tmpdir(), 'rw-sveltekit-fixture-'))
  const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js')
  await promisify(execFile)(process.execPath, [viteBin, 'build', '--logLevel', 'error'], {
    cwd: FIXTURE_DIRECTORY,
    env: { ...process.env, RW_FIXTURE_OUT: outDirectory, NODE_ENV: 'production' },
  })
  const { handler } = (await import(pathToFileURL(join(outDirectory, 'handler.js')).href)) as {
    handler: NodeRequestListener
  }
  return {
    handler,
    registerOptions(options) {
      ;(globalThis as Record<symbol, unknown>)[REGISTRY] = options
    },
    async remove() {
      delete (globalThis as Record<symbol, unknown>)[REGISTRY]
      await rm(outDirectory, { recursive: true, force: true })
    },
  }
}
