import { createRequestHandle, type RadioWorkflow } from '@rw/oauth-client'
import type { MiddlewareHandler } from 'hono'
import { type InstanceKeyResolver, normalizeInstanceKey, readInstanceQuery } from './instance-key-resolver'
import { requireFunction, requireRadioWorkflow } from './option-validation'
import type { RadioWorkflowEnv, RadioWorkflowRequestContext } from './radio-workflow-env'

/** Options of the {@link radioWorkflow} middleware. */
export interface RadioWorkflowMiddlewareOptions {
  /** The client from `createRadioWorkflow`. */
  readonly rw: RadioWorkflow
  /** Which instance this request is about. Default: `?instance=`. */
  readonly resolveInstanceKey?: InstanceKeyResolver
}

/**
 * Sets `c.var.rw`: the client and, when `resolveInstanceKey` yields an instance, `getAccessToken()`,
 * `fetch()` and `getConnection()` for it. Tokens stay in the store; nothing here touches cookies.
 *
 * @example
 * const app = new Hono<RadioWorkflowEnv>()
 * app.use('/stations/:key/*', radioWorkflow({ rw, resolveInstanceKey: (c) => c.req.param('key') }))
 * app.get('/stations/:key/logs', async (c) => c.var.rw.fetch('/logs'))
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1 (the Bearer header `fetch` attaches)
 */
export function radioWorkflow({
  rw,
  resolveInstanceKey = readInstanceQuery,
}: RadioWorkflowMiddlewareOptions): MiddlewareHandler<RadioWorkflowEnv> {
  requireRadioWorkflow('radioWorkflow', rw)
  requireFunction('radioWorkflow', 'resolveInstanceKey', resolveInstanceKey)
  // Per request: one resolver call and one small object; no closures and, for a synchronous resolver
  // (the default), no extra await before `next()`.
  return function radioWorkflowMiddleware(c, next) {
    const resolved = resolveInstanceKey(c)
    if (isPromiseLike(resolved)) {
      return Promise.resolve(resolved).then((key) => {
        c.set('rw', createRequestContext(rw, normalizeInstanceKey(key)))
        return next()
      })
    }
    c.set('rw', createRequestContext(rw, normalizeInstanceKey(resolved)))
    return next()
  }
}

// Object.assign keeps the handle's prototype (its methods); a spread would drop them.
function createRequestContext(client: RadioWorkflow, instanceKey: string | null): RadioWorkflowRequestContext {
  return Object.assign(
    createRequestHandle(client, () => instanceKey),
    { instanceKey },
  )
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}
