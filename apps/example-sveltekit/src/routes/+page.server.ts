import { describeErrorForHttp } from '@rw/oauth-client'
import type { PageServerLoad } from './$types'

/** The connection of `?instance=` (where the callback returns to) and that instance's name from the API. */
export const load: PageServerLoad = async ({ locals }) => {
  const instanceKey = await locals.rw.getInstanceKey()
  if (instanceKey === null) return { instanceKey, connection: null, instanceName: null, problem: null }
  const connection = await locals.rw.client.getConnection(instanceKey)
  if (connection === null) return { instanceKey, connection, instanceName: null, problem: null }
  try {
    const response = await locals.rw.fetch('/instance')
    const body = (await response.json()) as { name?: string }
    return { instanceKey, connection, instanceName: body.name ?? null, problem: null }
  } catch (error) {
    const { message, reconnect } = describeErrorForHttp(error)
    return { instanceKey, connection, instanceName: null, problem: { message, reconnect } }
  }
}
