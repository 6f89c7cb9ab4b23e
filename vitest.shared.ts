import { defineConfig } from 'vitest/config'

/**
 * Workspace packages resolve each other's TypeScript source through the `@rw/source`
 * export condition, so tests need no build step.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@rw/source', 'module', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@rw/source', 'module', 'node', 'default'], externalConditions: ['@rw/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The JSON report feeds the one-line summary of `pnpm test` (scripts/test-summary.mjs).
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
