import type { DurableEvent } from '@rw/oauth-client'
import { waitUntil } from '@rw/oauth-testing/contract'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createEventStreamKeys } from '../src/event-stream-keys'
import { createEventConsumer, type EventConsumer, RedisTokenStore, readDeadLetters } from '../src/index'
import { EventCollector } from './support/event-collector'
import { startConsumerProcess, whenReceivedInTotal } from './support/event-consumer-process'
import { createStormSetup } from './support/storm-setup'
import { createTestPrefix, deleteKeysWithPrefix } from './support/test-prefix'

const redis = new Redis({ host: '127.0.0.1', port: 6379 })
const prefixes: string[] = []
const consumers: EventConsumer[] = []
const stores: RedisTokenStore[] = []

function createStore(options: { maxLength?: number } = {}) {
  const prefix = createTestPrefix('events')
  prefixes.push(prefix)
  const store = new RedisTokenStore({ redis, prefix, events: options })
  stores.push(store)
  return { store, prefix, stream: createEventStreamKeys(prefix).stream }
}

function startConsumer(options: Omit<Parameters<typeof createEventConsumer>[0], 'redis'>): EventConsumer {
  const consumer = createEventConsumer({ redis, blockMs: 100, ...options })
  consumers.push(consumer)
  return consumer
}

function disconnectedEvent(index: number): DurableEvent {
  return { type: 'disconnected', occurredAt: 1_800_000_000_000 + index, data: { instanceKey: `instance-${index}` } }
}

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()))
})

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()))
  for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix)
  await redis.quit()
})

describe('durable events', () => {
  it('appends the lifecycle events of createRadioWorkflow, without tokens', async () => {
    const setup = await createStormSetup('events-lifecycle', ['desert'])
    try {
      const collector = new EventCollector()
      startConsumer({ prefix: setup.prefix, group: 'audit', consumer: 'c1', handler: collector.handlerFor('c1') })
      await consumers[0]!.ready
      await setup.connect(['desert'])
      await setup.expire(['desert'])
      await setup.rw.getAccessToken('desert')
      await setup.rw.disconnect('desert')
      await collector.whenCount(3)
      expect(collector.handled.map(({ event }) => [event.type, event.data.instanceKey])).toEqual([
        ['connected', 'desert'],
        ['refreshed', 'desert'],
        ['disconnected', 'desert'],
      ])
      const entries = JSON.stringify(await setup.redis.xrange(createEventStreamKeys(setup.prefix).stream, '-', '+'))
      for (const { value } of setup.mock.issued()) expect(entries).not.toContain(value)
    } finally {
      await setup.dispose()
    }
  })

  it('hands each event to exactly one consumer of a group when two processes run', async () => {
    const { store, prefix, stream } = createStore()
    const processes = await Promise.all(
      ['a', 'b'].map((consumer) => startConsumerProcess({ prefix, group: 'g', consumer, mode: 'ack' })),
    )
    // Both are waiting in XREADGROUP, so the events are shared between them.
    await waitUntil(async () => {
      const clients = String(await redis.client('LIST')).split('\n')
      return processes.every(({ pid }) =>
        clients.some((line) => line.includes(`name=rwtest-consumer-${pid} `) && line.includes('cmd=xreadgroup')),
      )
    }, 'both consumers read the stream')
    for (let index = 0; index < 60; index++) await store.appendEvent(disconnectedEvent(index))
    const all = await whenReceivedInTotal(processes, 60)
    await Promise.all(processes.map((consumer) => consumer.stop()))
    expect(all).toHaveLength(60)
    expect(new Set(all).size).toBe(60)
    for (const consumer of processes) expect(consumer.received.length).toBeGreaterThan(0)
    // Everything acknowledged: nothing will be delivered again.
    expect(((await redis.xpending(stream, 'g')) as [number])[0]).toBe(0)
  })

  it("claims a crashed consumer's pending events for another consumer", async () => {
    const { store, prefix, stream } = createStore()
    await redis.xgroup('CREATE', stream, 'g', '$', 'MKSTREAM')
    for (let index = 0; index < 5; index++) await store.appendEvent(disconnectedEvent(index))
    const crashing = await startConsumerProcess({ prefix, group: 'g', consumer: 'crashing', mode: 'hang' })
    // It read all five in one batch and is stuck handling the first when it is killed (SIGKILL: no cleanup).
    await whenReceivedInTotal([crashing], 1)
    await crashing.kill()
    const pending = (await redis.xpending(stream, 'g', '-', '+', 10)) as [string, string][]
    expect(pending.map(([, consumer]) => consumer)).toEqual(Array(5).fill('crashing'))

    const collector = new EventCollector()
    startConsumer({
      prefix,
      group: 'g',
      consumer: 'survivor',
      handler: collector.handlerFor('survivor'),
      claimIdleMs: 50,
    })
    await collector.whenCount(5)
    expect(collector.handled.map(({ event }) => event.id)).toEqual(pending.map(([id]) => id))
    expect(collector.handled.map(({ event }) => event.deliveries)).toEqual([2, 2, 2, 2, 2])
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()))
    expect(((await redis.xpending(stream, 'g')) as [number])[0]).toBe(0)
  })

  it('redelivers a failing event and dead-letters it after maxDeliveries', async () => {
    const { store, prefix } = createStore()
    let deliveries = 0
    const gaveUp = new EventCollector()
    const consumer = startConsumer({
      prefix,
      group: 'flaky',
      consumer: 'c1',
      claimIdleMs: 20,
      maxDeliveries: 3,
      handler: async (event) => {
        deliveries += 1
        if (event.deliveries === 3) await gaveUp.handlerFor('c1')(event)
        throw Object.assign(new Error('receiver down'), { code: 'receiver_down' })
      },
    })
    await consumer.ready
    await store.appendEvent(disconnectedEvent(1))
    await gaveUp.whenCount(1)
    await consumer.stop()
    expect(deliveries).toBe(3)
    const letters = await readDeadLetters({ redis, prefix, group: 'flaky' })
    expect(letters).toEqual([
      expect.objectContaining({ reason: 'receiver_down', event: expect.objectContaining({ type: 'disconnected' }) }),
    ])
  })

  it('creates its group again when the stream was deleted under it', async () => {
    const { store, prefix, stream } = createStore()
    const collector = new EventCollector()
    const consumer = startConsumer({ prefix, group: 'g', consumer: 'c1', handler: collector.handlerFor('c1') })
    await consumer.ready
    await redis.del(stream)
    await waitUntil(
      async () =>
        (await redis.exists(stream)) === 1 && ((await redis.xinfo('GROUPS', stream)) as unknown[]).length === 1,
      'the group exists again',
    )
    await store.appendEvent(disconnectedEvent(7))
    await collector.whenCount(1)
    expect(collector.handled[0]?.event.data.instanceKey).toBe('instance-7')
  })

  it('keeps the stream bounded', async () => {
    const { store, stream } = createStore({ maxLength: 10 })
    for (let index = 0; index < 500; index++) await store.appendEvent(disconnectedEvent(index))
    const length = await redis.xlen(stream)
    expect(length).toBeGreaterThanOrEqual(10)
    // MAXLEN ~ trims whole radix-tree nodes (100 entries by default), never keeps the 500.
    expect(length).toBeLessThanOrEqual(110)
  })

  it('appends nothing with events: false', async () => {
    const prefix = createTestPrefix('events-off')
    prefixes.push(prefix)
    const store = new RedisTokenStore({ redis, prefix, events: false })
    stores.push(store)
    await store.appendEvent(disconnectedEvent(1))
    expect(await redis.exists(createEventStreamKeys(prefix).stream)).toBe(0)
  })
})
