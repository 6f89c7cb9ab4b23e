import { readInstanceQuery as readInstanceQueryFromUrl } from '@rw/oauth-client'
import type { Context } from 'hono'

/** Reads the instance key of a request from your app (session, route parameter…); never from the callback query. */
export type InstanceKeyResolver = (c: Context) => string | null | undefined | Promise<string | null | undefined>

/** The default resolver: `?instance=<key>`, given once (a repeated parameter is a 400, as in every adapter). */
export function readInstanceQuery(c: Context): string | null {
  return readInstanceQueryFromUrl(c.req.url)
}

/** An empty key counts as none. */
export async function resolveInstanceKeyOrNull(resolve: InstanceKeyResolver, c: Context): Promise<string | null> {
  return normalizeInstanceKey(await resolve(c))
}

/** What a resolver returned, as a key or `null` (an empty key counts as none). */
export function normalizeInstanceKey(key: unknown): string | null {
  return typeof key === 'string' && key !== '' ? key : null
}
