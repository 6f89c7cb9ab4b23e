import type { DurableEvent } from '@rw/oauth-client'

/**
 * An event read from the store's stream by a consumer.
 *
 * @example
 * ```ts
 * const handler = async (event: ConsumedEvent) => { if (event.type === 'reauthorization_required') await notify(event.data.instanceKey) }
 * ```
 */
export type ConsumedEvent = DurableEvent & {
  /** The stream entry id: unique, stable across redeliveries (use it to deduplicate). */
  readonly id: string
  /** How many times the event was delivered to this group (1 on first delivery). */
  readonly deliveries: number
}

const EVENT_TYPES = new Set([
  'connected',
  'refreshed',
  'refresh_failed',
  'recovered',
  'reauthorization_required',
  'refresh_outcome_unknown',
  'disconnected',
])

/** The XADD field list of an event. */
export function encodeStreamEvent(event: DurableEvent): string[] {
  return ['type', event.type, 'occurredAt', String(event.occurredAt), 'data', JSON.stringify(event.data)]
}

/** A stream entry's fields as an event, or `null` for an entry this SDK did not write. */
export function decodeStreamEvent(
  id: string,
  fields: readonly string[] | null,
  deliveries: number,
): ConsumedEvent | null {
  if (fields === null) return null
  const values = new Map<string, string>()
  for (let index = 0; index + 1 < fields.length; index += 2) values.set(fields[index]!, fields[index + 1]!)
  const type = values.get('type')
  const occurredAt = Number(values.get('occurredAt'))
  if (type === undefined || !EVENT_TYPES.has(type) || !Number.isFinite(occurredAt)) return null
  let data: unknown
  try {
    data = JSON.parse(values.get('data') ?? '')
  } catch {
    return null
  }
  if (typeof data !== 'object' || data === null) return null
  return { id, type, occurredAt, data, deliveries } as ConsumedEvent
}
