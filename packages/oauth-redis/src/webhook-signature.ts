import { ConfigurationError } from '@rw/oauth-core'

const SECRET_PREFIX = 'whsec_'
const encoder = new TextEncoder()

/**
 * The Standard Webhooks headers of one delivery attempt.
 *
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 * @example
 * ```ts
 * const headers = await signWebhook({ secret: 'whsec_...', id: 'evt_1', timestampSeconds: 1_700_000_000, body })
 * ```
 */
export interface WebhookSignatureHeaders {
  readonly 'webhook-id': string
  readonly 'webhook-timestamp': string
  /** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`. */
  readonly 'webhook-signature': string
}

/**
 * Signs a webhook body the Standard Webhooks way (HMAC-SHA256 over `id.timestamp.body`, keyed with the
 * base64 part of a `whsec_` secret), through Web Crypto. Receivers verify with any Standard Webhooks library.
 *
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme
 * @example
 * ```ts
 * const headers = await signWebhook({ secret, id: event.id, timestampSeconds: Math.floor(Date.now() / 1000), body })
 * await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
 * ```
 */
export async function signWebhook(input: {
  readonly secret: string
  readonly id: string
  readonly timestampSeconds: number
  readonly body: string
}): Promise<WebhookSignatureHeaders> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    decodeWebhookSecret(input.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const timestamp = String(input.timestampSeconds)
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(`${input.id}.${timestamp}.${input.body}`))
  return {
    'webhook-id': input.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${Buffer.from(mac).toString('base64')}`,
  }
}

/** The key bytes of a `whsec_<base64>` secret (24 to 64 bytes, as Standard Webhooks recommends). */
export function decodeWebhookSecret(secret: string): Uint8Array<ArrayBuffer> {
  const fix =
    'webhook secret must be `whsec_` followed by base64 of 24–64 random bytes (e.g. `whsec_$(openssl rand -base64 32)`).'
  if (typeof secret !== 'string' || !secret.startsWith(SECRET_PREFIX)) throw new ConfigurationError('secret', fix)
  const encoded = secret.slice(SECRET_PREFIX.length)
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new ConfigurationError('secret', fix)
  const bytes = new Uint8Array(Buffer.from(encoded, 'base64'))
  if (bytes.length < 24 || bytes.length > 64)
    throw new ConfigurationError('secret', `${fix} It has ${bytes.length} bytes.`)
  return bytes
}
