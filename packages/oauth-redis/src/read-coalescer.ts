import { LRUCache } from 'lru-cache'

const SETTLED = Promise.resolve()
const MAX_REMEMBERED_KEYS = 100_000

interface ReadSlot<T> {
  shared: Promise<T> | undefined
}

/**
 * Shares one read between callers of the same key that start in the same run of JavaScript, i.e.
 * before the event loop gets to deliver any I/O. The first caller sends its read at once (no
 * microtask hop before the GET is written); sharing ends at the next microtask checkpoint, so every
 * later caller sends its own.
 *
 * Why sharing cannot return a stale value: a caller can only have seen a write finish through a
 * reply (or any other I/O) processed before this run began, so that write had already happened in
 * Redis when the shared GET was sent, and the GET (sent after it) sees it.
 */
export class ReadCoalescer<T> {
  // Slots stay (bounded, least recently used dropped one at a time) and are only reset: on the hot path
  // a read costs one lookup and an array push, not a Map insert plus a clear per batch. Dropping a slot
  // while its read is shared only means a later caller in the same run sends its own read.
  readonly #slots = new LRUCache<string, ReadSlot<T>>({ max: MAX_REMEMBERED_KEYS })
  readonly #shared: ReadSlot<T>[] = []
  readonly #endSharing = () => {
    for (const slot of this.#shared) slot.shared = undefined
    this.#shared.length = 0
  }

  read(key: string, send: (key: string) => Promise<T>): Promise<T> {
    const slot = this.#slots.get(key) ?? this.#createSlot(key)
    if (slot.shared !== undefined) return slot.shared
    const read = send(key)
    // A promise job rather than queueMicrotask, which Node wraps in an AsyncResource per call.
    if (this.#shared.length === 0) void SETTLED.then(this.#endSharing)
    slot.shared = read
    this.#shared.push(slot)
    return read
  }

  #createSlot(key: string): ReadSlot<T> {
    const slot: ReadSlot<T> = { shared: undefined }
    this.#slots.set(key, slot)
    return slot
  }
}
