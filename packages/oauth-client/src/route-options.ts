import { createConsoleLogger } from './console-logger'
import { createLoginLink } from './login-link'
import type { RadioWorkflow, RadioWorkflowLogger } from './radio-workflow-types'
import type { RouteErrorOptions } from './route-error'
import { type RouteRequest, readRequestHeader } from './route-request'

/** Options every client route handler accepts. */
export interface AuthRouteOptions {
  /**
   * Where the error page's "Connect again" link points for an instance (`undefined`: no link). Default:
   * the login route beside the callback of the configured redirect URI, e.g. `/auth/rw/login?instance=<key>`.
   */
  readonly reconnectUrl?: (instanceKey: string | undefined) => string | undefined
  /** Where 5xx errors are logged in full (the answer shows a generic message). Default: the console. */
  readonly logger?: RadioWorkflowLogger
}

export interface ResolvedRouteOptions {
  errorOptions(request: RouteRequest, format: RouteErrorOptions['format']): RouteErrorOptions
}

const defaultLogger = createConsoleLogger()

export function resolveRouteOptions(rw: RadioWorkflow, options: AuthRouteOptions): ResolvedRouteOptions {
  const reconnectUrl = options.reconnectUrl ?? createLoginLink(rw.config.redirectUri)
  const logger = options.logger ?? defaultLogger
  return {
    errorOptions: (request, format) => ({
      format,
      accept: readRequestHeader(request.headers, 'accept'),
      reconnectUrl,
      logger,
    }),
  }
}
