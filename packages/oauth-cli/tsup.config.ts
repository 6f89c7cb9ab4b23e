import { defineConfig } from 'tsup'
import { sharedTsupOptions } from '../../tsup.shared.ts'

// `src/bin.ts` is the `rw-oauth` binary (`dist/bin.js`, shebang kept).
export default defineConfig({ ...sharedTsupOptions, entry: ['src/index.ts', 'src/bin.ts'] })
