import adapter from '@sveltejs/adapter-node'
import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

// Workspace packages resolve to their TypeScript source (`@rw/source`), so nothing needs a build first.
const conditions = ['@rw/source', 'module', 'node', 'development|production']

export default defineConfig(({ command }) => ({
  // SvelteKit 3 takes its configuration here (svelte.config.js is gone).
  plugins: [sveltekit({ adapter: adapter() })],
  ssr: {
    // The build bundles every server dependency, so `node build` needs no node_modules lookups;
    // `vite dev` loads third-party packages natively and only runs our TypeScript source through Vite.
    noExternal: command === 'build' ? true : [/^@rw\//],
    resolve: { conditions, externalConditions: ['@rw/source'] },
  },
}))
