/** Runs at most one task per key at a time; callers arriving meanwhile share its result. */
export interface SingleFlight<T> {
  /** Runs `task` unless one is already in flight for `key`; either way resolves with that flight's result. */
  run(key: string, task: () => Promise<T>): Promise<T>
  /** The promise in flight for `key`, if any. */
  current(key: string): Promise<T> | undefined
}

/**
 * In-process coalescing (DESIGN.md refresh rule 1): 200 concurrent callers for one instance cause
 * one refresh attempt, before the store or the lock is touched.
 *
 * @example
 * const flights = createSingleFlight<ConnectionRecord>()
 * const record = await flights.run(instanceKey, () => refreshConnection(instanceKey))
 */
export function createSingleFlight<T>(): SingleFlight<T> {
  const inFlight = new Map<string, Promise<T>>()

  return {
    run(key, task) {
      const existing = inFlight.get(key)
      if (existing !== undefined) return existing
      const promise = Promise.resolve()
        .then(task)
        .finally(() => {
          if (inFlight.get(key) === promise) inFlight.delete(key)
        })
      inFlight.set(key, promise)
      return promise
    },
    current(key) {
      return inFlight.get(key)
    },
  }
}
