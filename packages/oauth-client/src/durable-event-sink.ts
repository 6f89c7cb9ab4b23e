import type { RadioWorkflowEvents } from './radio-workflow-types'

/**
 * One lifecycle event as a store keeps it for the whole deployment: the event name, when it happened
 * (epoch milliseconds) and its payload. Payloads never carry a token.
 *
 * @example
 * ```ts
 * const event: DurableEvent = { type: 'refreshed', occurredAt: Date.now(), data: { instanceKey: 'desert', version: 4, expiresAt } }
 * ```
 */
export type DurableEvent = {
  readonly [E in keyof RadioWorkflowEvents]: {
    readonly type: E
    readonly occurredAt: number
    readonly data: RadioWorkflowEvents[E]
  }
}[keyof RadioWorkflowEvents]

/**
 * Optional store capability: a store that has `appendEvent` (e.g. `RedisTokenStore`, a bounded Redis
 * Stream) receives every lifecycle event this process emits, so a consumer anywhere in the deployment
 * can handle it whichever process did the work.
 *
 * @example
 * ```ts
 * const sink: DurableEventSink = { appendEvent: async (event) => queue.push(JSON.stringify(event)) }
 * ```
 */
export interface DurableEventSink {
  /** Appends the event; a rejection is logged by the SDK and never fails the call that emitted. */
  appendEvent(event: DurableEvent): Promise<void>
}

/**
 * The store as a {@link DurableEventSink} when it has that capability, else `undefined`.
 *
 * @example
 * ```ts
 * const sink = findDurableEventSink(store) // RedisTokenStore → itself; the in-memory store → undefined
 * ```
 */
export function findDurableEventSink(store: unknown): DurableEventSink | undefined {
  const candidate = store as Partial<DurableEventSink> | null
  return typeof candidate?.appendEvent === 'function' ? (candidate as DurableEventSink) : undefined
}
