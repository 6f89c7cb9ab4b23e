/**
 * Shares one read between callers of the same key that start in the same run of JavaScript, i.e.
 * before the event loop gets to deliver any I/O. The first caller sends its read at once (no
 * microtask hop before the GET is written); the entries are dropped in one microtask queued by the
 * first read of the batch, so every later caller sends its own.
 *
 * Why sharing cannot return a stale value: a caller can only have seen a write finish through a
 * reply (or any other I/O) processed before this run began, so that write had already happened in
 * Redis when the shared GET was sent, and the GET (sent after it) sees it.
 */
const SETTLED = Promise.resolve()

export class ReadCoalescer<T> {
  readonly #queued = new Map<string, Promise<T>>()
  readonly #forgetQueued = () => this.#queued.clear()

  read(key: string, send: (key: string) => Promise<T>): Promise<T> {
    const queued = this.#queued.get(key)
    if (queued !== undefined) return queued
    const read = send(key)
    // A promise job, not queueMicrotask: Node wraps each queueMicrotask callback in an AsyncResource.
    if (this.#queued.size === 0) void SETTLED.then(this.#forgetQueued)
    this.#queued.set(key, read)
    return read
  }
}
