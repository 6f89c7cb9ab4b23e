import { createEventConsumer } from '@rw/oauth-redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliFixture, K1 } from './support/cli-fixture'

let fixture: CliFixture

beforeAll(async () => {
  fixture = await CliFixture.start(['desert'])
  const rw = fixture.createClient(fixture.createStore([K1]))
  await fixture.connect(rw, ['desert'])
  await rw.disconnect('desert')
}, 60_000)

afterAll(async () => {
  await fixture?.dispose()
})

describe('rw-oauth events', () => {
  it('tail shows the newest events first, never a token', async () => {
    const run = await fixture.run(['events', 'tail', '--json'], [K1])
    expect(run.code).toBe(0)
    const events = JSON.parse(run.stdout) as { type: string; data: { instanceKey: string } }[]
    expect(events.map((event) => [event.type, event.data.instanceKey])).toEqual([
      ['disconnected', 'desert'],
      ['connected', 'desert'],
    ])
    const table = await fixture.run(['events', 'tail', '--limit', '1'], [K1])
    expect(table.stdout).toMatch(/disconnected\s*│\s*desert/)
    expect(table.stdout).not.toMatch(/│\s*connected\s*│/)
    for (const { value } of fixture.mock.issued()) expect(run.stdout + table.stdout).not.toContain(value)
  })

  it('dead-letters lists what a consumer group gave up on, with the reason', async () => {
    let gaveUp!: () => void
    const dead = new Promise<void>((resolve) => {
      gaveUp = resolve
    })
    const consumer = createEventConsumer({
      redis: fixture.redis,
      prefix: fixture.prefix,
      group: 'alerts',
      consumer: 'c1',
      startFrom: 'earliest',
      maxDeliveries: 1,
      blockMs: 100,
      handler: async (event) => {
        if (event.type === 'disconnected') gaveUp()
        throw Object.assign(new Error('pager down'), { code: 'pager_down' })
      },
    })
    await dead
    await consumer.stop()
    const run = await fixture.run(['events', 'dead-letters', '--group', 'alerts', '--json'], [K1])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({ reason: 'pager_down', event: expect.objectContaining({ type: 'disconnected' }) }),
      expect.objectContaining({ reason: 'pager_down', event: expect.objectContaining({ type: 'connected' }) }),
    ])
    // The default group (webhook) has none.
    const none = await fixture.run(['events', 'dead-letters', '--json'], [K1])
    expect(JSON.parse(none.stdout)).toEqual([])
  })
})
