import { defineConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared.ts'

// `ioredis` is a peer dependency (^5.4.0 || ^6.0.0). Every test runs on ioredis 5; the store contract (standalone,
// Cluster, Sentinel) runs again on ioredis 6, installed as the `ioredis6` alias package, by resolving `ioredis` to
// it. Not the multi-process tests: their worker processes import ioredis outside Vite, so they would not switch.
const IOREDIS_6_SUITES = ['test/contract.test.ts', 'test/sentinel-contract.test.ts', 'test/ioredis-major.test.ts']

export default defineConfig({
  test: {
    projects: [
      {
        ...sharedConfig,
        test: {
          ...sharedConfig.test,
          name: 'ioredis 5',
          env: { RW_EXPECTED_IOREDIS_MAJOR: '5' },
          sequence: { groupOrder: 0 },
        },
      },
      {
        ...sharedConfig,
        resolve: { ...sharedConfig.resolve, alias: [{ find: /^ioredis$/, replacement: 'ioredis6' }] },
        test: {
          ...sharedConfig.test,
          name: 'ioredis 6',
          include: IOREDIS_6_SUITES,
          env: { RW_EXPECTED_IOREDIS_MAJOR: '6' },
          // After the ioredis 5 run, not beside it: the two would share 2 cores and one Redis.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
