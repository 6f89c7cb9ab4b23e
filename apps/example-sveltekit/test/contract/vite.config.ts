import adapter from '@sveltejs/adapter-node'
import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

const conditions = ['@rw/source', 'module', 'node', 'development|production']

// The example app (its routes, page and template) with one difference: the server hooks come from
// test/contract/hooks.server.ts, which builds the client from options the contract test registers.
export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ out: process.env.RW_CONTRACT_OUT ?? 'build-contract' }),
      outDir: '.svelte-kit-contract',
      files: { hooks: { server: 'test/contract/hooks.server' } },
    }),
  ],
  ssr: { noExternal: true, resolve: { conditions, externalConditions: ['@rw/source'] } },
})
