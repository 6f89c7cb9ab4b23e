import type { Options } from 'tsup'

/** What every published package's build shares: ESM + CJS + types for Node 20.19+ and other runtimes. */
export const sharedTsupOptions = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // tsup's declaration build passes `baseUrl`, which TypeScript 6 deprecates.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  clean: true,
  target: 'es2022',
} satisfies Options
