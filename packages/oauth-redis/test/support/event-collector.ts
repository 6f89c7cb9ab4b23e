import type { ConsumedEvent } from '../../src/index'

/**
 * Records what consumers handled (labelled by consumer) and resolves `whenCount(n)` as soon as n events
 * arrived in total: woken by the handlers themselves, never polled.
 */
export class EventCollector {
  readonly handled: { readonly consumer: string; readonly event: ConsumedEvent }[] = []
  readonly #waiters: { count: number; resolve: () => void }[] = []

  handlerFor(consumer: string): (event: ConsumedEvent) => Promise<void> {
    return async (event) => {
      this.handled.push({ consumer, event })
      for (const waiter of this.#waiters.filter((entry) => this.handled.length >= entry.count)) waiter.resolve()
    }
  }

  whenCount(count: number, timeoutMs = 20_000): Promise<void> {
    if (this.handled.length >= count) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.handled.length} of ${count} events arrived`)),
        timeoutMs,
      )
      this.#waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer)
          resolve()
        },
      })
    })
  }
}
