const SETTLED = Promise.resolve()

/** Where a key's shared read lives while it may be shared (the per-instance state holds it). */
export interface ReadSlot<T> {
  sharedRead: Promise<T> | undefined
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
 *
 * The slot is the caller's (the per-instance state it looked up anyway), so a read costs no lookup of
 * its own; a slot dropped from its cache while shared only means a later caller sends its own read.
 */
export class ReadCoalescer<T> {
  readonly #shared: ReadSlot<T>[] = []
  readonly #endSharing = () => {
    for (const slot of this.#shared) slot.sharedRead = undefined
    this.#shared.length = 0
  }

  read<S extends ReadSlot<T>>(slot: S, send: (slot: S) => Promise<T>): Promise<T> {
    if (slot.sharedRead !== undefined) return slot.sharedRead
    const read = send(slot)
    // A promise job rather than queueMicrotask, which Node wraps in an AsyncResource per call.
    if (this.#shared.length === 0) void SETTLED.then(this.#endSharing)
    slot.sharedRead = read
    this.#shared.push(slot)
    return read
  }
}
