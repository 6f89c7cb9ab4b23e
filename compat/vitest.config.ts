import { mergeConfig } from 'vitest/config'
import { sharedConfig } from '../vitest.shared.ts'

// Each file spawns a bundler, typedoc or a second Node: run them one after another to fit 2 cores.
export default mergeConfig(sharedConfig, {
  test: { fileParallelism: false, testTimeout: 60_000 },
})
