import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { type BuildOptions, build, type Plugin } from 'esbuild'

const NODE_BUILTINS = new Set(builtinModules)

/**
 * Fails the build on any Node built-in (`node:fs`, `crypto`, `buffer`, ...). With platform 'neutral'
 * esbuild would otherwise only warn, or leave the import for the runtime to fail on.
 */
const rejectNodeBuiltins: Plugin = {
  name: 'reject-node-builtins',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, function rejectNodeBuiltin(args) {
      const bare = args.path.replace(/^node:/, '').split('/')[0] ?? ''
      if (!args.path.startsWith('node:') && !NODE_BUILTINS.has(bare)) return undefined
      return {
        errors: [
          {
            text: `Node built-in "${args.path}" imported by ${args.importer}: core and client must use Web APIs only.`,
          },
        ],
      }
    })
  },
}

/** Options shared by every bundle: what a Web-APIs-only runtime (edge, workers, Deno, browsers) would load. */
const NEUTRAL_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'neutral',
  target: 'es2022',
  // Workspace packages resolve to their TypeScript source, like the tests; dependencies to their ESM build.
  conditions: ['@rw/source', 'module', 'import', 'default'],
  mainFields: ['module', 'main'],
  plugins: [rejectNodeBuiltins],
  logLevel: 'silent',
  write: false,
}

/** Source of the flow that runs inside the runtime under test. */
export const COMPAT_FLOW_ENTRY = fileURLToPath(new URL('./run-compat-flow.ts', import.meta.url))

/**
 * Bundles the compat flow with @rw/oauth-client, @rw/oauth-core and their dependencies into one
 * self-contained script: ESM for a Node child process, or an IIFE that sets `globalThis.RwCompat`
 * for a VM that evaluates scripts.
 */
export async function bundleCompatFlow(format: 'esm' | 'iife'): Promise<string> {
  const result = await build({
    ...NEUTRAL_OPTIONS,
    entryPoints: [COMPAT_FLOW_ENTRY],
    format,
    ...(format === 'iife' ? { globalName: 'RwCompat' } : {}),
  })
  return readSingleOutput(result.outputFiles)
}

/** Bundles one published package's public entry point as a Web-APIs-only runtime would load it. */
export async function bundlePackageEntry(packageName: string): Promise<string> {
  const result = await build({
    ...NEUTRAL_OPTIONS,
    stdin: { contents: `export * from '${packageName}'`, resolveDir: fileURLToPath(new URL('.', import.meta.url)) },
    format: 'esm',
  })
  return readSingleOutput(result.outputFiles)
}

function readSingleOutput(outputFiles: readonly { readonly text: string }[] | undefined): string {
  const [output] = outputFiles ?? []
  if (output === undefined) throw new Error('esbuild produced no output file.')
  return output.text
}
