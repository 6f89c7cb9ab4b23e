import type { RadioWorkflow } from '@rw/oauth-client'

/** What `c.var.rw` holds for one request. Never a token unless you call `getAccessToken()`. */
export interface RadioWorkflowRequestContext {
  /** The client itself, for any instance. */
  readonly client: RadioWorkflow
  /** The instance `resolveInstanceKey` yielded for this request, or `null`. */
  readonly instanceKey: string | null
  /** `client.getAccessToken(instanceKey)`; throws `UsageError` when the request has no instance. */
  getAccessToken(): Promise<string>
  /** `client.fetch(instanceKey, path, init)`; throws `UsageError` when the request has no instance. */
  fetch(path: string | URL, init?: RequestInit): Promise<Response>
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
