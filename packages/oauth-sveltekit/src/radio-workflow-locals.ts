import type { RadioWorkflow } from '@rw/oauth-client'
import { UsageError } from '@rw/oauth-core'

/**
 * What the handle puts on `event.locals.rw` for every request. Type it once in `src/app.d.ts`:
 *
 * @example
 * import type { RadioWorkflowLocals } from '@rw/oauth-sveltekit'
 * declare global {
 *   namespace App {
 *     interface Locals { rw: RadioWorkflowLocals }
 *   }
 * }
 * // then, in a +server.ts or +page.server.ts:
 * const response = await locals.rw.fetch('/instance')
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1 (how `fetch` sends the token)
 */
export interface RadioWorkflowLocals {
  /** The shared client, for any instance: `locals.rw.client.getConnection(key)`. */
  readonly client: RadioWorkflow
  /** The current request's instance from `resolveInstanceKey` (resolved once per request), or `null`. */
  getInstanceKey(): Promise<string | null>
  /** A valid access token for the current instance; refreshes when due. Keep it server-side. */
  getAccessToken(): Promise<string>
  /** `rw.fetch` for the current instance: Bearer attached, paths relative to the API base. */
  fetch(path: string | URL, init?: RequestInit): Promise<Response>
}

/** Builds `locals.rw`; the instance is resolved lazily, so requests that never ask pay nothing. */
export function createRadioWorkflowLocals(
  client: RadioWorkflow,
  resolveInstanceKey: () => Promise<string | null | undefined> | string | null | undefined,
): RadioWorkflowLocals {
  let instanceKey: Promise<string | null> | undefined
  const getInstanceKey = (): Promise<string | null> => {
    instanceKey ??= Promise.resolve()
      .then(resolveInstanceKey)
      .then((key) => (key === undefined || key === '' ? null : key))
    return instanceKey
  }
  const requireInstanceKey = async (): Promise<string> => {
    const key = await getInstanceKey()
    if (key === null) {
      throw new UsageError(
        'locals.rw: this request names no Radio Workflow instance; pass resolveInstanceKey to createRadioWorkflowHandle or call locals.rw.client with a key.',
      )
    }
    return key
  }
  return {
    client,
    getInstanceKey,
    getAccessToken: async () => client.getAccessToken(await requireInstanceKey()),
    fetch: async (path, init) => client.fetch(await requireInstanceKey(), path, init),
  }
}
