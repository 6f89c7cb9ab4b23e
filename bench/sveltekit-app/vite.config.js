import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

// The @rw packages stay external: the built app imports their dist/ from bench/node_modules, as a user's would.
export default defineConfig({ plugins: [sveltekit()] })
