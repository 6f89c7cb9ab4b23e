import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import type { RequestListener } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { CreateRadioWorkflowOptions } from '@rw/oauth-client'

const APP_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url))
export const CONTRACT_OPTIONS_KEY = Symbol.for('@rw/example-sveltekit/contract-options')

export interface BuiltContractApp {
  /** adapter-node's `handler` of the built example, loaded into this process. */
  readonly handler: RequestListener
  registerOptions(options: CreateRadioWorkflowOptions): void
  remove(): Promise<void>
}

/** Builds the example app with test/contract/vite.config.ts (SvelteKit 3, adapter-node) into a temporary directory. */
export async function buildContractApp(): Promise<BuiltContractApp> {
  const outDirectory = await mkdtemp(join(tmpdir(), 'rw-example-sveltekit-contract-'))
  await promisify(execFile)(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'test/contract/vite.config.ts', '--logLevel', 'error'],
    { cwd: APP_DIRECTORY, env: { ...process.env, RW_CONTRACT_OUT: outDirectory, NODE_ENV: 'production' } },
  )
  const { handler } = (await import(pathToFileURL(join(outDirectory, 'handler.js')).href)) as {
    handler: RequestListener
  }
  return {
    handler,
    registerOptions(options) {
      ;(globalThis as Record<symbol, unknown>)[CONTRACT_OPTIONS_KEY] = options
    },
    async remove() {
      delete (globalThis as Record<symbol, unknown>)[CONTRACT_OPTIONS_KEY]
      await rm(outDirectory, { recursive: true, force: true })
    },
  }
}
