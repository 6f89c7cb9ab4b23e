import { json, type RequestHandler } from '@sveltejs/kit'

/** The current instance (default resolver: `?instance=`) through `locals.rw`, as an app would use it. */
export const GET: RequestHandler = async ({ locals }) => {
  const response = await locals.rw.fetch('/instance')
  return json({ instanceKey: await locals.rw.getInstanceKey(), api: await response.json() })
}
