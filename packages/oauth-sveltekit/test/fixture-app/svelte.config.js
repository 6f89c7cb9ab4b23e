import adapter from '@sveltejs/adapter-node'

/** @type {import('@sveltejs/kit').Config} */
export const config = {
  // The contract test builds into a temporary directory of its own.
  kit: { adapter: adapter({ out: process.env.RW_FIXTURE_OUT ?? 'build' }) },
}

export default config
