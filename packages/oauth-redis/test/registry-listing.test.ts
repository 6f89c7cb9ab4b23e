import { listEveryConnection } from '@rw/oauth-testing/contract'
import { Redis } from 'ioredis'
import { afterAll, expect, it } from 'vitest'
import type { RedisTokenStore } from '../src/index'
import { createTestRecord } from './support/connection-record-fixture'
import { createStoreFixture } from './support/store-fixture'

const fixture = createStoreFixture(new Redis({ host: '127.0.0.1', port: 6379 }), 'registry-listing', {
  encrypted: false,
})
const store = fixture.store as RedisTokenStore
afterAll(async () => {
  await fixture.cleanup?.()
})

it('bounds the shards one page reads: a rare match past them comes on a later page, after pages with none', async () => {
  // 3 000 instances land in well over 2 048 slots (the most one page reads); only the last-listed one matches.
  const keys = Array.from({ length: 3_000 }, (_, index) => `sparse-${index}`)
  for (let offset = 0; offset < keys.length; offset += 200) {
    await Promise.all(
      keys
        .slice(offset, offset + 200)
        .map((key) => store.saveConnection(createTestRecord(key, 1), { expectedVersion: null })),
    )
  }
  const order = (await listEveryConnection(store, { limit: 1000 })).map((summary) => summary.instanceKey)
  expect(order).toHaveLength(keys.length)
  const last = order.at(-1)!
  await store.saveConnection(createTestRecord(last, 2, { status: 'reauthorization_required' }), { expectedVersion: 1 })

  const pages: number[] = []
  const found = await listEveryConnection(store, { status: 'reauthorization_required', limit: 10 }, (page) =>
    pages.push(page.connections.length),
  )
  expect(found.map((summary) => summary.instanceKey)).toEqual([last])
  expect(pages.length).toBeGreaterThan(1)
  expect(pages.slice(0, -1).every((count) => count === 0)).toBe(true)
}, 60_000)
