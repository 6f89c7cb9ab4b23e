/**
 * A consumer process for test/event-log.test.ts: joins the group and reports each event it receives over
 * IPC. Mode `ack` handles it at once (acknowledged); mode `hang` never finishes handling it (so never
 * acknowledges), until the test kills it with SIGKILL: a crash mid-handler, with its events left pending.
 */
import { Redis } from 'ioredis'
import { createEventConsumer } from '../../src/index'

const { prefix, group, consumer, mode } = JSON.parse(process.env.RW_CONSUMER_CONFIG ?? '{}') as {
  prefix: string
  group: string
  consumer: string
  mode: 'ack' | 'hang'
}
// The name (inherited by the consumer's own blocking connection) lets the test see it waiting in CLIENT LIST.
const redis = new Redis({ host: '127.0.0.1', port: 6379, connectionName: `rwtest-consumer-${process.pid}` })
const running = createEventConsumer({
  redis,
  prefix,
  group,
  consumer,
  batchSize: 100,
  blockMs: 100,
  handler: (event) => {
    process.send?.({ type: 'received', id: event.id, deliveries: event.deliveries })
    return mode === 'ack' ? Promise.resolve() : new Promise<void>(() => {})
  },
})
process.on('message', (message: { type: string }) => {
  if (message.type === 'stop')
    void running
      .stop()
      .then(() => redis.quit())
      .then(() => process.disconnect?.())
})
await running.ready
process.send?.({ type: 'ready' })
