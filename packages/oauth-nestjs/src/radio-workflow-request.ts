import { UsageError } from '@rw/oauth-core'

/**
 * The parts of a platform request (Express or Fastify) the module reads. Your `resolveInstanceKey`
 * may declare the full type, e.g. `(request: express.Request) => request.session.instanceKey`.
 */
export interface RadioWorkflowRequest {
  readonly query?: unknown
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
}

/**
 * One query parameter, or `undefined` when absent. Refuses repeated or nested values, so an
 * attacker cannot smuggle a second value past whatever checks the first.
 *
 * @example
 * const returnTo = readQueryParameter(request, 'returnTo')
 */
export function readQueryParameter(request: RadioWorkflowRequest, name: string): string | undefined {
  const value = (request.query as Readonly<Record<string, unknown>> | undefined)?.[name]
  if (value === undefined || typeof value === 'string') return value
  throw new UsageError(`The query parameter "${name}" must be given once, as plain text.`)
}

/** The default instance-key resolver: `?instance=<key>`. */
export function readInstanceQueryParameter(request: RadioWorkflowRequest): string {
  const instanceKey = readQueryParameter(request, 'instance')
  if (instanceKey === undefined || instanceKey === '') {
    throw new UsageError(
      'Say which instance to connect with ?instance=<key>, or pass resolveInstanceKey to RadioWorkflowModule.forRoot.',
    )
  }
  return instanceKey
}
