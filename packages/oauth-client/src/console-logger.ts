import { createOutputLogger } from '@rw/oauth-core'
import type { RadioWorkflowLogger } from './radio-workflow-types'

/** The default logger: warnings and errors to the console, debug dropped. */
export function createConsoleLogger(): RadioWorkflowLogger {
  return createOutputLogger(console)
}
