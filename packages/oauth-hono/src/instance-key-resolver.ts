import type { Context } from 'hono'

/** Reads the instance key of a request from your app (session, route parameter…); never from the callback query. */
export type InstanceKeyResolver = (c: Context) => string | null | undefined | Promise<string | null | undefined>

/** The default resolver: `?instance=<key>`. */
export function readInstanceQuery(c: Context): string | undefined {
  return c.req.query('instance')
}

/** An empty key counts as none. */
export async function resolveInstanceKeyOrNull(resolve: InstanceKeyResolver, c: Context): Promise<string | null> {
  return normalizeInstanceKey(await resolve(c))
}

/** What a resolver returned, as a key or `null` (an empty key counts as none). */
export function normalizeInstanceKey(key: unknown): string | null {
  return typeof key === 'string' && key !== '' ? key : null
}
