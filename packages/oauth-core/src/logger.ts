/**
 * Minimal logger port; the SDK never passes it tokens or secrets. Every package (client, stores,
 * adapters) logs through it.
 *
 * @example
 * ```ts
 * const logger: RadioWorkflowLogger = { debug() {}, warn: console.warn, error: console.error }
 * ```
 */
export interface RadioWorkflowLogger {
  /** Diagnostics. The default console logger drops them. */
  debug(message: string, fields?: Record<string, unknown>): void
  /** Something went wrong and the SDK carried on, e.g. a transient refresh failure while the token is still valid. */
  warn(message: string, fields?: Record<string, unknown>): void
  /** A failure in your code the SDK contained, e.g. an event listener that threw. */
  error(message: string, fields?: Record<string, unknown>): void
}

/** Where {@link createOutputLogger} writes: `console`, or anything with its `warn` and `error`. */
export interface LogOutput {
  /** Receives warnings (as `console.warn`). */
  warn(...data: unknown[]): void
  /** Receives errors (as `console.error`). */
  error(...data: unknown[]): void
}

/**
 * The SDK's default logger over an output port (the runtimes pass `console`): warnings and errors written with
 * an `[rw-oauth]` prefix, debug dropped. The output is passed in, so the core stays free of I/O.
 *
 * @example
 * ```ts
 * const logger = createOutputLogger(console)
 * ```
 */
export function createOutputLogger(output: LogOutput): RadioWorkflowLogger {
  return {
    debug() {},
    warn(message, fields) {
      output.warn(`[rw-oauth] ${message}`, fields ?? {})
    },
    error(message, fields) {
      output.error(`[rw-oauth] ${message}`, fields ?? {})
    },
  }
}
