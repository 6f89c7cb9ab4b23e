import type { DurableEvent, DurableEventSink } from './durable-event-sink'
import type { RadioWorkflowEvents, RadioWorkflowLogger } from './radio-workflow-types'

/** A listener for one event of {@link RadioWorkflowEvents}; it receives that event's payload. */
export type RadioWorkflowListener<E extends keyof RadioWorkflowEvents> = (payload: RadioWorkflowEvents[E]) => void

/** The typed event bus behind `rw.on(...)`; built by {@link createEventEmitter}. */
export interface RadioWorkflowEventEmitter {
  /** Subscribes `listener` to `event`. Returns the function that unsubscribes it. */
  on<E extends keyof RadioWorkflowEvents>(event: E, listener: RadioWorkflowListener<E>): () => void
  /** Calls every listener of `event` with `payload`; a listener that throws is logged and skipped. */
  emit<E extends keyof RadioWorkflowEvents>(event: E, payload: RadioWorkflowEvents[E]): void
}

/** Where emitted events also go beyond this process (see {@link DurableEventSink}). */
export interface DurableEventOptions {
  readonly sink: DurableEventSink
  /** Clock (epoch ms) stamping `occurredAt`. */
  readonly now: () => number
}

/**
 * Typed events. A listener that throws (or rejects) is logged and never breaks the SDK call that emitted.
 * With `durable`, every event is also appended to the sink (fire and forget: a failed append is logged).
 *
 * @example
 * ```ts
 * const events = createEventEmitter(logger, { sink: store, now: Date.now })
 * events.on('refreshed', ({ instanceKey }) => console.log(`refreshed ${instanceKey}`))
 * ```
 */
export function createEventEmitter(
  logger: RadioWorkflowLogger,
  durable?: DurableEventOptions,
): RadioWorkflowEventEmitter {
  const listeners = new Map<keyof RadioWorkflowEvents, Set<(payload: never) => void>>()

  return {
    on(event, listener) {
      let set = listeners.get(event)
      if (set === undefined) {
        set = new Set()
        listeners.set(event, set)
      }
      const entry = listener as (payload: never) => void
      set.add(entry)
      return function unsubscribe() {
        set.delete(entry)
      }
    },

    emit(event, payload) {
      if (durable !== undefined)
        appendDurably(durable, logger, { type: event, occurredAt: durable.now(), data: payload } as DurableEvent)
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          const result: unknown = (listener as (payload: RadioWorkflowEvents[typeof event]) => unknown)(payload)
          if (result instanceof Promise) result.catch((error: unknown) => logListenerFailure(logger, event, error))
        } catch (error) {
          logListenerFailure(logger, event, error)
        }
      }
    },
  }
}

function appendDurably(durable: DurableEventOptions, logger: RadioWorkflowLogger, event: DurableEvent): void {
  let appended: Promise<void>
  try {
    appended = durable.sink.appendEvent(event)
  } catch (error) {
    appended = Promise.reject(error)
  }
  appended.catch((error: unknown) => {
    logger.warn(
      `Could not append the "${event.type}" event to the store's event log; listeners in this process still got it.`,
      {
        event: event.type,
        error: error instanceof Error ? error.name : typeof error,
      },
    )
  })
}

function logListenerFailure(logger: RadioWorkflowLogger, event: string, error: unknown): void {
  logger.error(`A "${event}" listener threw; the SDK carried on.`, {
    event,
    error: error instanceof Error ? error.name : typeof error,
  })
}
