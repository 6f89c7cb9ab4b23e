import { Hono, type MiddlewareHandler } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import type { AccessTokenEntry } from './grant-registry'
import type { MockContext } from './mock-context'

/** Hono `Env` of the mock API: the verified access token of the request. */
export type MockApiEnv = { Variables: { accessToken: AccessTokenEntry } }

/** One broadcast log entry of the mock API. */
export interface MockBroadcastLog {
  readonly id: string
  readonly title: string
  readonly airedAt: string
}

const API_REALM = 'Radio Workflow API'

// RFC 6750 §3.1: a token without the needed scope is a 403 naming the scope.
function requireScope(scope: string): MiddlewareHandler<MockApiEnv> {
  return async function requireScopeMiddleware(c, next) {
    if (!c.get('accessToken').scopes.includes(scope)) {
      c.header('www-authenticate', `Bearer realm="${API_REALM}", error="insufficient_scope", scope="${scope}"`)
      return c.json({ error: 'insufficient_scope', scope }, 403)
    }
    await next()
  }
}

function createSeedLogs(instanceKey: string): MockBroadcastLog[] {
  return [
    { id: `${instanceKey}-1`, title: 'Morning Show', airedAt: '2025-01-06T06:00:00.000Z' },
    { id: `${instanceKey}-2`, title: 'Evening News', airedAt: '2025-01-06T18:00:00.000Z' },
  ]
}

/** The bearer-protected API under `/api/v1`. A token only ever sees its own instance. */
export function createApiRoutes(context: MockContext): Hono<MockApiEnv> {
  const logsByInstance = new Map<string, MockBroadcastLog[]>()
  const readLogs = (instanceKey: string) => {
    let logs = logsByInstance.get(instanceKey)
    if (logs === undefined) {
      logs = createSeedLogs(instanceKey)
      logsByInstance.set(instanceKey, logs)
    }
    return logs
  }
  return new Hono<MockApiEnv>()
    .use('/api/v1/*', async function countApiRequests(c, next) {
      context.counters.apiRequests++
      await next()
      if (c.res.status === 401 || c.res.status === 403) context.counters.apiRejected++
    })
    .use(
      '/api/v1/*',
      bearerAuth<MockApiEnv>({
        realm: API_REALM,
        verifyToken: (token, c) => {
          const entry = context.registry.findActiveAccessToken(token)
          if (entry !== null) c.set('accessToken', entry)
          return entry !== null
        },
        noAuthenticationHeader: { message: { error: 'invalid_request', error_description: 'Send a Bearer token.' } },
        invalidToken: {
          wwwAuthenticateHeader: `Bearer realm="${API_REALM}", error="invalid_token"`,
          message: { error: 'invalid_token', error_description: 'The access token is unknown, expired or revoked.' },
        },
      }),
    )
    .get('/api/v1/instance', (c) => {
      const token = c.get('accessToken')
      const instance = context.instances.find((candidate) => candidate.key === token.instanceKey)
      return c.json({ key: token.instanceKey, name: instance?.name ?? token.instanceKey, scopes: token.scopes })
    })
    .get('/api/v1/logs', requireScope('basic'), (c) => c.json({ logs: readLogs(c.get('accessToken').instanceKey) }))
    .post('/api/v1/logs', requireScope('edit-logs'), async (c) => {
      const body: unknown = await c.req.json().catch(() => null)
      const title = typeof body === 'object' && body !== null && 'title' in body ? body.title : undefined
      if (typeof title !== 'string' || title === '') {
        return c.json({ error: 'invalid_request', error_description: 'Send JSON {"title": "..."}.' }, 400)
      }
      const logs = readLogs(c.get('accessToken').instanceKey)
      const log = {
        id: `${c.get('accessToken').instanceKey}-${logs.length + 1}`,
        title,
        airedAt: new Date(context.now()).toISOString(),
      }
      logs.push(log)
      return c.json(log, 201)
    })
}
