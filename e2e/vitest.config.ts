import { mergeConfig } from 'vitest/config'
import { sharedConfig } from '../vitest.shared.ts'

// Each file starts real app processes and one chromium: files run one after another to fit 2 cores.
export default mergeConfig(sharedConfig, {
  test: {
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
})
