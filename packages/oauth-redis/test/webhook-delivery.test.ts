import type { DurableEvent } from '@rw/oauth-client'
import { Redis } from 'ioredis'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ConsumedEvent,
  createEventConsumer,
  createWebhookHandler,
  RedisTokenStore,
  readDeadLetters,
  WebhookDeliveryError,
} from '../src/index'
import { EventCollector } from './support/event-collector'
import { createTestPrefix, deleteKeysWithPrefix } from './support/test-prefix'
import { WebhookReceiver } from './support/webhook-receiver'

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`
const redis = new Redis({ host: '127.0.0.1', port: 6379 })
const prefix = createTestPrefix('webhook')
const store = new RedisTokenStore({ redis, prefix })
let receiver: WebhookReceiver

const event: ConsumedEvent = {
  id: '1800000000000-0',
  type: 'reauthorization_required',
  occurredAt: 1_800_000_000_000,
  data: { instanceKey: 'desert', oauthError: 'invalid_grant' },
  deliveries: 1,
}

beforeAll(async () => {
  receiver = await WebhookReceiver.start()
})

afterAll(async () => {
  await receiver.close()
  await store.close()
  await deleteKeysWithPrefix(redis, prefix)
  await redis.quit()
})

function verify(index: number): unknown {
  const { headers, body } = receiver.received[index]!
  return new Webhook(SECRET).verify(body, headers as Record<string, string>)
}

describe('webhook delivery', () => {
  it('POSTs a Standard Webhooks signed body that the reference library verifies', async () => {
    receiver.received.length = 0
    await createWebhookHandler({ url: receiver.url, secret: SECRET })(event)
    expect(receiver.received).toHaveLength(1)
    expect(verify(0)).toEqual({
      type: 'reauthorization_required',
      timestamp: '2027-01-15T08:00:00.000Z',
      data: { instanceKey: 'desert', oauthError: 'invalid_grant' },
    })
    expect(receiver.received[0]!.headers['webhook-id']).toBe(event.id)
    expect(receiver.received[0]!.headers['content-type']).toBe('application/json')
  })

  it('rejects a tampered body under the reference verifier (the signature covers id, timestamp and body)', async () => {
    receiver.received.length = 0
    await createWebhookHandler({ url: receiver.url, secret: SECRET })(event)
    const { headers, body } = receiver.received[0]!
    expect(() =>
      new Webhook(SECRET).verify(body.replace('desert', 'forest'), headers as Record<string, string>),
    ).toThrow()
  })

  it('retries with backoff until acknowledged, keeping the webhook-id', async () => {
    receiver.received.length = 0
    receiver.statuses.push(500, 503)
    await createWebhookHandler({ url: receiver.url, secret: SECRET, initialDelayMs: 5 })(event)
    expect(receiver.received).toHaveLength(3)
    expect(new Set(receiver.received.map(({ headers }) => headers['webhook-id']))).toEqual(new Set([event.id]))
    for (let index = 0; index < 3; index++) expect(verify(index)).toBeTruthy()
  })

  it('gives up after `attempts` with the last status, never following a redirect', async () => {
    receiver.received.length = 0
    receiver.statuses.push(302, 302)
    const deliver = createWebhookHandler({ url: receiver.url, secret: SECRET, attempts: 2, initialDelayMs: 1 })
    await expect(deliver(event)).rejects.toEqual(expect.any(WebhookDeliveryError))
    await expect(deliver(event)).resolves.toBeUndefined()
    expect(receiver.received).toHaveLength(3)
  })

  it('refuses a secret that is not whsec_ base64 of 24–64 bytes', () => {
    expect(() => createWebhookHandler({ url: receiver.url, secret: 'shh' })).toThrow(/whsec_/)
    expect(() =>
      createWebhookHandler({ url: receiver.url, secret: `whsec_${Buffer.alloc(8).toString('base64')}` }),
    ).toThrow(/It has 8 bytes/)
  })

  it('delivers store events through a consumer group and dead-letters what the receiver never accepts', async () => {
    receiver.received.length = 0
    const deadLettered = new EventCollector()
    const deliver = createWebhookHandler({ url: receiver.url, secret: SECRET, attempts: 2, initialDelayMs: 1 })
    const consumer = createEventConsumer({
      redis,
      prefix,
      group: 'webhook',
      consumer: 'w1',
      maxDeliveries: 1,
      blockMs: 100,
      handler: async (consumed) => {
        try {
          await deliver(consumed)
        } finally {
          await deadLettered.handlerFor('w1')(consumed)
        }
      },
    })
    await consumer.ready
    const delivered: DurableEvent = { type: 'disconnected', occurredAt: 1_800_000_000_000, data: { instanceKey: 'a' } }
    await store.appendEvent(delivered)
    await deadLettered.whenCount(1)
    receiver.statuses.push(500, 500)
    await store.appendEvent({ ...delivered, data: { instanceKey: 'b' } })
    await deadLettered.whenCount(2)
    await consumer.stop()
    expect(receiver.received.map(({ body }) => JSON.parse(body).data.instanceKey)).toEqual(['a', 'b', 'b'])
    const letters = await readDeadLetters({ redis, prefix, group: 'webhook' })
    expect(letters).toEqual([
      expect.objectContaining({
        reason: 'webhook_failed',
        event: expect.objectContaining({ data: { instanceKey: 'b' } }),
      }),
    ])
  })
})
