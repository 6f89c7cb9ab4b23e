import { defineConfig } from 'tsup'
import { sharedTsupOptions } from '../../tsup.shared.ts'

export default defineConfig({
  ...sharedTsupOptions,
  entry: {
    index: 'src/index.ts',
    'contract/index': 'src/contract/index.ts',
    'environment/index': 'src/environment/index.ts',
  },
  external: ['vitest'],
})
