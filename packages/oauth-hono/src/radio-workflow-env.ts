import type { RadioWorkflowRequestHandle } from '@rw/oauth-client'

/**
 * What `c.var.rw` holds for one request: the client's per-request handle (`client`, `getInstanceKey()`,
 * `getAccessToken()`, `fetch()`, `getConnection()`, the same names in every adapter) plus the instance the
 * middleware resolved. Never a token unless you call `getAccessToken()`.
 */
export interface RadioWorkflowRequestContext extends RadioWorkflowRequestHandle {
  /** The instance `resolveInstanceKey` yielded for this request, or `null`. */
  readonly instanceKey: string | null
}

/**
 * The Hono `Env` of apps using {@link radioWorkflow}: pass it as `new Hono<RadioWorkflowEnv>()` (or
 * intersect it with your own) and `c.var.rw` is typed. No global augmentation.
 *
 * @example
 * const app = new Hono<RadioWorkflowEnv>().use(radioWorkflow({ rw }))
 * app.get('/logs', async (c) => c.json(await (await c.var.rw.fetch('/logs')).json()))
 */
export type RadioWorkflowEnv = { Variables: { rw: RadioWorkflowRequestContext } }
