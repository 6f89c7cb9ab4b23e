import { fileURLToPath } from 'node:url'
import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

const conditions = ['@rw/source', 'module', 'node', 'development|production']

export default defineConfig({
  plugins: [sveltekit()],
  resolve: {
    // The adapter under test, from source (a package cannot depend on itself).
    alias: { '@rw/oauth-sveltekit': fileURLToPath(new URL('../../src/index.ts', import.meta.url)) },
  },
  // Workspace packages are bundled from their TypeScript source, so no package needs a build first.
  ssr: { noExternal: [/^@rw\//], resolve: { conditions, externalConditions: ['@rw/source'] } },
})
