import { createRequestHandle, type RadioWorkflow, type RadioWorkflowRequestHandle } from '@rw/oauth-client'

/**
 * What the handle puts on `event.locals.rw` for every request: the client's per-request handle
 * (`client`, `getInstanceKey()`, `getAccessToken()`, `fetch()`, `getConnection()`, the same names in every
 * adapter). Type it once in `src/app.d.ts`:
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
export type RadioWorkflowLocals = RadioWorkflowRequestHandle

/** Builds `locals.rw`; the instance is resolved lazily, so requests that never ask pay nothing. */
export function createRadioWorkflowLocals(
  client: RadioWorkflow,
  resolveInstanceKey: () => Promise<string | null | undefined> | string | null | undefined,
): RadioWorkflowLocals {
  return createRequestHandle(client, resolveInstanceKey)
}
