import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { createEventConsumer, RedisTokenStore } from '../src/index'
import { EventCollector } from './support/event-collector'
import { RedisServerProcess } from './support/redis-server-process'

let server: RedisServerProcess | undefined

afterAll(async () => {
  await server?.dispose()
})

describe('an event consumer and a Redis outage', () => {
  it('started while Redis is down, it creates its group and consumes once Redis is back', async () => {
    server = await RedisServerProcess.start()
    await server.stop()
    // No offline queue retries: commands fail while Redis is down, as with a managed client's defaults.
    const redis = new Redis({ host: '127.0.0.1', port: server.port, retryStrategy: () => 50, maxRetriesPerRequest: 0 })
    redis.on('error', () => {})
    const collector = new EventCollector()
    let reportFailure!: () => void
    const failed = new Promise<void>((resolve) => {
      reportFailure = resolve
    })
    const logger = { debug() {}, error() {}, warn: () => reportFailure() }
    const consumer = createEventConsumer({
      redis,
      group: 'g',
      consumer: 'c1',
      blockMs: 100,
      logger,
      handler: collector.handlerFor('c1'),
    })
    // Creating the group failed at least once: the consumer reported it and keeps trying.
    await failed

    await server.restart()
    await consumer.ready
    const store = new RedisTokenStore({ redis, events: {} })
    await store.appendEvent({ type: 'disconnected', occurredAt: 1, data: { instanceKey: 'back' } })
    await collector.whenCount(1)
    await consumer.stop()
    await store.close()
    redis.disconnect()
    expect(collector.handled[0]?.event.data.instanceKey).toBe('back')
  })
})
