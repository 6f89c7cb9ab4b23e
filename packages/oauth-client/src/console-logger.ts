import type { RadioWorkflowLogger } from './radio-workflow-types'

/** The default logger: warnings and errors to the console, debug dropped. */
export function createConsoleLogger(): RadioWorkflowLogger {
  return {
    debug() {},
    warn(message, fields) {
      console.warn(`[rw-oauth] ${message}`, fields ?? {})
    },
    error(message, fields) {
      console.error(`[rw-oauth] ${message}`, fields ?? {})
    },
  }
}
