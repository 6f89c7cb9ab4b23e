import adapter from '@sveltejs/adapter-node'
import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

// Workspace packages resolve to their TypeScript source (`@rw/source`), so nothing needs a build first.
const conditions = ['@rw/source', 'module', 'node', 'development|production']

export default defineConfig({
  // SvelteKit 3 takes its configuration here (svelte.config.js is gone).
  plugins: [sveltekit({ adapter: adapter() })],
  // Bundle every server dependency: `node build` then runs without node_modules lookups.
  ssr: { noExternal: true, resolve: { conditions, externalConditions: ['@rw/source'] } },
})
