import type { HttpServer } from '@nestjs/common'
import type { RouteAnswer, RouteRequest } from '@rw/oauth-client'
import type { RadioWorkflowRequest } from './radio-workflow-request'

/**
 * Writes a client route handler's answer through Nest's HTTP adapter (Express or Fastify), headers in
 * order and every `Set-Cookie` kept, so Nest sends the same bytes as every other adapter.
 *
 * @example
 * @Get(':key')
 * async show(@Req() request: RadioWorkflowRequest, @Res() response: unknown, @Param('key') key: string) {
 *   const answer = await handleConnectionRequest(this.radioWorkflow.client, readRouteRequest(request), key)
 *   writeRouteAnswer(this.adapterHost.httpAdapter, response, answer)
 * }
 */
export function writeRouteAnswer(httpAdapter: HttpServer, response: unknown, answer: RouteAnswer): void {
  const grouped = new Map<string, string[]>()
  for (const [name, value] of answer.headers) grouped.set(name, [...(grouped.get(name) ?? []), value])
  httpAdapter.status(response, answer.status)
  for (const [name, values] of grouped) {
    httpAdapter.setHeader(response, name, (values.length === 1 ? values[0] : values) as string)
  }
  // `end`, not `reply`: reply would JSON-encode a byte body.
  httpAdapter.end(response, answer.body === null ? undefined : (answer.body as unknown as string))
}

/**
 * The client's view of an Express or Fastify request: method, the URL as received (path and query) and headers.
 *
 * @example
 * const answer = await handleLoginRequest(rw, readRouteRequest(request))
 */
export function readRouteRequest(request: RadioWorkflowRequest): RouteRequest {
  return { method: request.method ?? 'GET', url: request.originalUrl ?? request.url ?? '/', headers: request.headers }
}
