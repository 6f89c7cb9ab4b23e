/** Something with a deadline, e.g. a Redis command in flight. The sweeper links it into its list. */
export abstract class DeadlineEntry {
  /** `performance.now()` value past which the entry expires. */
  deadline = 0
  previous: DeadlineEntry | undefined = undefined
  next: DeadlineEntry | undefined = undefined
  pending = false

  /** Called once, by the sweeper, when the deadline passed before `delete`. */
  abstract expire(): void
}

/**
 * One interval timer for all calls in flight instead of a timer per call. Every entry gets the same
 * timeout, so the list is in deadline order: adding appends, finishing unlinks (no hashing per call),
 * and a sweep only looks at the head. Deadlines fire up to a quarter of the timeout late,
 * never early.
 */
export class DeadlineSweeper {
  readonly #timeoutMs: number
  readonly #intervalMs: number
  #head: DeadlineEntry | undefined
  #tail: DeadlineEntry | undefined
  #timer: ReturnType<typeof setInterval> | undefined

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs
    this.#intervalMs = Math.min(250, Math.max(5, Math.floor(timeoutMs / 4)))
  }

  add(entry: DeadlineEntry): void {
    entry.deadline = performance.now() + this.#timeoutMs
    entry.pending = true
    entry.previous = this.#tail
    entry.next = undefined
    if (this.#tail === undefined) this.#head = entry
    else this.#tail.next = entry
    this.#tail = entry
    this.#timer ??= setInterval(() => this.#sweep(), this.#intervalMs)
  }

  /** `false` when the entry already expired (or was never added). The timer stops at the next idle sweep. */
  delete(entry: DeadlineEntry): boolean {
    if (!entry.pending) return false
    entry.pending = false
    const { previous, next } = entry
    if (previous === undefined) this.#head = next
    else previous.next = next
    if (next === undefined) this.#tail = previous
    else next.previous = previous
    entry.previous = undefined
    entry.next = undefined
    return true
  }

  #sweep(): void {
    const now = performance.now()
    while (this.#head !== undefined && this.#head.deadline <= now) {
      const expired = this.#head
      this.delete(expired)
      expired.expire()
    }
    if (this.#head === undefined && this.#timer !== undefined) {
      clearInterval(this.#timer)
      this.#timer = undefined
    }
  }
}
