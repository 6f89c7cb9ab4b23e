import type { HealthCheckOptions } from './health-check'
import type { RadioWorkflow } from './radio-workflow-types'

/**
 * The answer of `GET /auth/rw/health`: write `status`, every header in order, and `body` (JSON).
 * The same shape as the client's other route answers, so an adapter writes it the same way.
 */
export interface HealthRouteAnswer {
  readonly status: 200 | 503
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>
  readonly body: string
}

/**
 * The whole `GET /auth/rw/health` route, framework-free: 200 with `rw.health()` as JSON when the store
 * answers, 503 when it does not (so a load balancer or orchestrator takes the process out). The body holds
 * no customer data. Adapters mount it only when asked (`health: true`), because it tells anyone who can
 * reach it how many connections you have.
 *
 * @example
 * app.get('/auth/rw/health', async (c) => {
 *   const { status, headers, body } = await handleHealthRequest(rw)
 *   return new Response(body, { status, headers: [...headers] })
 * })
 */
export async function handleHealthRequest(
  rw: Pick<RadioWorkflow, 'health'>,
  options: HealthCheckOptions = {},
): Promise<HealthRouteAnswer> {
  const health = await rw.health(options)
  return {
    status: health.store.reachable ? 200 : 503,
    headers: [
      ['content-type', 'application/json; charset=utf-8'],
      ['cache-control', 'no-store'],
      ['x-content-type-options', 'nosniff'],
    ],
    body: JSON.stringify(health),
  }
}
