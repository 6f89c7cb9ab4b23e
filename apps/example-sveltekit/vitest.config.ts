import { mergeConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared.ts'

// Both test files run `vite build` in this directory; one at a time keeps their outputs apart.
export default mergeConfig(sharedConfig, { test: { fileParallelism: false } })
