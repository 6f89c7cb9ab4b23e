import { readInstanceQuery, readQueryParameter as readUrlQueryParameter } from '@rw/oauth-client'
import { UsageError } from '@rw/oauth-core'

/**
 * The parts of a platform request (Express or Fastify) the module reads. Your `resolveInstanceKey`
 * may declare the full type, e.g. `(request: express.Request) => request.session.instanceKey`.
 */
export interface RadioWorkflowRequest {
  readonly method?: string
  /** The URL as received (Express keeps it in `originalUrl` when routers rewrite `url`). */
  readonly url?: string
  readonly originalUrl?: string
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
}

/**
 * One query parameter, or `undefined` when absent. Refuses a repeated parameter with `UsageError`,
 * the same rule as every adapter's, so an attacker cannot smuggle a second value past whatever checks the first.
 *
 * @example
 * const returnTo = readQueryParameter(request, 'returnTo')
 */
export function readQueryParameter(request: RadioWorkflowRequest, name: string): string | undefined {
  return readUrlQueryParameter(request.originalUrl ?? request.url ?? '/', name)
}

/** The default instance-key resolver: `?instance=<key>`, given once. */
export function readInstanceQueryParameter(request: RadioWorkflowRequest): string {
  const instanceKey = readInstanceQuery(request.originalUrl ?? request.url ?? '/')
  if (instanceKey === null) {
    throw new UsageError(
      'Say which instance to connect with ?instance=<key>, or pass resolveInstanceKey to RadioWorkflowModule.forRoot.',
    )
  }
  return instanceKey
}
