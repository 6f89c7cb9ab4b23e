import type { RequestHandler } from '@sveltejs/kit'

/** Through the adapter: the instance from `?instance=` (the default resolver), its access token. */
export const GET: RequestHandler = async ({ locals }) => new Response(await locals.rw.getAccessToken())
