import adapter from '@sveltejs/adapter-node'

/** @type {import('@sveltejs/kit').Config} */
export const config = {
  kit: { adapter: adapter({ out: 'build' }) },
}

export default config
