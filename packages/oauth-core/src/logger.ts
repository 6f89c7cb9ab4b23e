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
