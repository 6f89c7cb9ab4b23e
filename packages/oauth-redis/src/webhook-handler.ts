import { ConfigurationError } from '@rw/oauth-core'
import type { ConsumedEvent } from './stream-event-codec'
import { decodeWebhookSecret, signWebhook } from './webhook-signature'

/**
 * Options of {@link createWebhookHandler}.
 *
 * @example
 * ```ts
 * createWebhookHandler({ url: 'https://partner.example/hooks/rw', secret: process.env.RW_WEBHOOK_SECRET })
 * ```
 */
export interface WebhookHandlerOptions {
  /** Receives a POST per event (`application/json`); any 2xx acknowledges, anything else is retried. Redirects are not followed. */
  readonly url: string
  /** `whsec_<base64>`: the receiver verifies signatures with the same secret. */
  readonly secret: string
  /** Attempts per delivery before the handler gives up (the consumer then redelivers or dead-letters). Default 5. */
  readonly attempts?: number
  /** Delay before the second attempt; doubles each attempt (with jitter) up to `maxDelayMs`. Default 1000 ms. */
  readonly initialDelayMs?: number
  /** Longest delay between attempts. Default 60 000 ms. */
  readonly maxDelayMs?: number
  /** Deadline of one POST. Default 10 000 ms. */
  readonly timeoutMs?: number
  /** Default `globalThis.fetch`. */
  readonly fetch?: (input: string, init: RequestInit) => Promise<Response>
  /** Clock (epoch ms) for `webhook-timestamp`. Default `Date.now`. */
  readonly now?: () => number
}

/**
 * Delivery failed on every attempt. `code` is `webhook_failed`; `status` is the last HTTP status (if any).
 *
 * @example
 * ```ts
 * if (error instanceof WebhookDeliveryError) console.warn(`webhook answered ${error.status}`)
 * ```
 */
export class WebhookDeliveryError extends Error {
  readonly code = 'webhook_failed'
  readonly status: number | null
  constructor(status: number | null, attempts: number) {
    super(
      `The webhook was not acknowledged after ${attempts} attempts (${status === null ? 'no response' : `last status ${status}`}).`,
    )
    this.name = 'WebhookDeliveryError'
    this.status = status
  }
}

/**
 * A consumer handler that POSTs each event to a webhook, signed the Standard Webhooks way, with exponential
 * backoff between attempts. Body: `{"type", "timestamp" (ISO 8601), "data"}`; `webhook-id` is the stream
 * entry id, the same on every retry and redelivery, so receivers can deduplicate.
 *
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 * @example
 * ```ts
 * createEventConsumer({ redis, group: 'webhook', consumer: os.hostname(), maxDeliveries: 1,
 *   handler: createWebhookHandler({ url, secret: process.env.RW_WEBHOOK_SECRET }) })
 * ```
 */
export function createWebhookHandler({
  url,
  secret,
  attempts = 5,
  initialDelayMs = 1000,
  maxDelayMs = 60_000,
  timeoutMs = 10_000,
  fetch = globalThis.fetch,
  now = Date.now,
}: WebhookHandlerOptions): (event: ConsumedEvent) => Promise<void> {
  decodeWebhookSecret(secret)
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new ConfigurationError('url', 'url must be an absolute http(s) URL.')
  }
  for (const [field, value] of Object.entries({ attempts, initialDelayMs, maxDelayMs, timeoutMs })) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new ConfigurationError(field, `${field} must be a whole number ≥ 1.`)
  }

  return async function deliverWebhook(event) {
    const body = JSON.stringify({
      type: event.type,
      timestamp: new Date(event.occurredAt).toISOString(),
      data: event.data,
    })
    let status: number | null = null
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await delay(computeBackoff(attempt - 1, initialDelayMs, maxDelayMs))
      const headers = await signWebhook({ secret, id: event.id, timestampSeconds: Math.floor(now() / 1000), body })
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        })
        status = response.status
        await response.body?.cancel()
        if (status >= 200 && status < 300) return
      } catch {
        status = null
      }
    }
    throw new WebhookDeliveryError(status, attempts)
  }
}

/** Exponential backoff with "equal jitter": uniform in [delay/2, delay], so retries of many events spread out. */
function computeBackoff(retry: number, initialDelayMs: number, maxDelayMs: number): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** (retry - 1))
  return ceiling / 2 + Math.random() * (ceiling / 2)
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
