import { Redis } from 'ioredis'
import { expect, it } from 'vitest'

// Guards the vitest projects in vitest.config.ts: the "ioredis 6" run must really load ioredis 6.
it('runs on the ioredis major this test project names', () => {
  const client = new Redis({ lazyConnect: true })
  // ioredis 6 speaks RESP3 by default and says so in its options; ioredis 5 has no `protocol` option.
  const major = (client.options as { protocol?: number }).protocol === 3 ? '6' : '5'
  client.disconnect()
  expect(major).toBe(process.env.RW_EXPECTED_IOREDIS_MAJOR)
})
