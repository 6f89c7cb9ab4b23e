/**
 * Shares one GET between reads of the same key that start in the same microtask batch, i.e.
 * before the GET is sent. Every caller's read is therefore sent after the caller started, so a read
 * never returns a value older than the caller's call (a write finished before it is visible); reads
 * that start after the GET was sent get their own GET.
 */
export class ReadCoalescer {
  readonly #queued = new Map<string, Promise<string | null>>()

  read(key: string, send: (key: string) => Promise<string | null>): Promise<string | null> {
    const queued = this.#queued.get(key)
    if (queued !== undefined) return queued
    const read = new Promise<string | null>((resolve, reject) => {
      queueMicrotask(() => {
        this.#queued.delete(key)
        send(key).then(resolve, reject)
      })
    })
    this.#queued.set(key, read)
    return read
  }
}
