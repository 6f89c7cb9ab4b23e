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

/** Typed events. A listener that throws (or rejects) is logged and never breaks the SDK call that emitted. */
export function createEventEmitter(logger: RadioWorkflowLogger): RadioWorkflowEventEmitter {
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

function logListenerFailure(logger: RadioWorkflowLogger, event: string, error: unknown): void {
  logger.error(`A "${event}" listener threw; the SDK carried on.`, {
    event,
    error: error instanceof Error ? error.name : typeof error,
  })
}
