/** Wakes everyone waiting on a key; waiters also give up after a timeout or an abort. */
export interface ChangeNotifier {
  notify(key: string): void
  waitFor(key: string, timeoutMs: number, signal?: AbortSignal): Promise<void>
}

export function createChangeNotifier(): ChangeNotifier {
  const waiters = new Map<string, Set<() => void>>()

  return {
    notify(key) {
      const woken = waiters.get(key)
      if (woken === undefined) return
      waiters.delete(key)
      for (const wake of woken) wake()
    },

    waitFor(key, timeoutMs, signal) {
      return new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve()
        const finish = () => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', finish)
          waiters.get(key)?.delete(finish)
          resolve()
        }
        const timer = setTimeout(finish, Math.max(0, timeoutMs))
        signal?.addEventListener('abort', finish, { once: true })
        let set = waiters.get(key)
        if (set === undefined) {
          set = new Set()
          waiters.set(key, set)
        }
        set.add(finish)
      })
    },
  }
}
