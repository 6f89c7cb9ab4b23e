import { UsageError } from '@rw/oauth-core'
import type { ConnectionInfo, RadioWorkflow } from './radio-workflow-types'

/**
 * The client bound to one request's instance, with the same names in every adapter (`c.var.rw` in Hono,
 * `locals.rw` in SvelteKit, `@RadioWorkflowInstance()` in NestJS).
 */
export interface RadioWorkflowRequestHandle {
  /** The shared client, for any instance. */
  readonly client: RadioWorkflow
  /** The request's instance (resolved once, on first use), or `null` when the request names none. */
  getInstanceKey(): Promise<string | null>
  /** A valid access token for the request's instance; refreshes when due. Keep it server-side. */
  getAccessToken(): Promise<string>
  /** `rw.fetch` for the request's instance: Bearer attached, paths relative to `endpoints.api`. */
  fetch(path: string | URL, init?: RequestInit): Promise<Response>
  /** The request's instance's connection as data (never a token), or `null` when not connected. */
  getConnection(): Promise<ConnectionInfo | null>
}

/**
 * Builds the per-request handle. The instance is resolved lazily and once, so requests that never ask pay
 * nothing; methods other than `getInstanceKey` throw `UsageError` when the request names no instance.
 *
 * @example
 * const handle = createRequestHandle(rw, () => readInstanceQuery(request.url))
 * const response = await handle.fetch('/logs')
 */
export function createRequestHandle(
  client: RadioWorkflow,
  resolveInstanceKey: () => string | null | undefined | Promise<string | null | undefined>,
): RadioWorkflowRequestHandle {
  return new RequestHandle(client, resolveInstanceKey)
}

// Methods on the prototype: a request allocates this one object and no closures (adapters create one per request).
class RequestHandle implements RadioWorkflowRequestHandle {
  readonly client: RadioWorkflow
  readonly #resolveInstanceKey: () => string | null | undefined | Promise<string | null | undefined>
  #instanceKey: Promise<string | null> | undefined

  constructor(
    client: RadioWorkflow,
    resolveInstanceKey: () => string | null | undefined | Promise<string | null | undefined>,
  ) {
    this.client = client
    this.#resolveInstanceKey = resolveInstanceKey
  }

  getInstanceKey(): Promise<string | null> {
    this.#instanceKey ??= Promise.resolve()
      .then(this.#resolveInstanceKey)
      .then((key) => (key === undefined || key === '' ? null : key))
    return this.#instanceKey
  }

  async getAccessToken(): Promise<string> {
    return this.client.getAccessToken(await this.#requireInstanceKey('getAccessToken'))
  }

  async fetch(path: string | URL, init?: RequestInit): Promise<Response> {
    return this.client.fetch(await this.#requireInstanceKey('fetch'), path, init)
  }

  async getConnection(): Promise<ConnectionInfo | null> {
    return this.client.getConnection(await this.#requireInstanceKey('getConnection'))
  }

  async #requireInstanceKey(method: string): Promise<string> {
    const key = await this.getInstanceKey()
    if (key !== null) return key
    throw new UsageError(
      `rw.${method}(): this request names no Radio Workflow instance; configure resolveInstanceKey (default ?instance=<key>) or call the client with a key.`,
    )
  }
}
