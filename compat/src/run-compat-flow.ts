import { createRadioWorkflow } from '@rw/oauth-client'

/** What the runtime under test needs to reach the mock: plain data, so it crosses a process or VM boundary as JSON. */
export interface CompatFlowInput {
  readonly partnerKey: string
  readonly partnerSecret: string
  readonly redirectUri: string
  readonly instanceKey: string
  readonly endpoints: {
    readonly authorize: string
    readonly token: string
    readonly refresh: string
    readonly api: string
  }
}

/** What the flow observed; the test asserts on it and on the mock's own counters. */
export interface CompatFlowReport {
  readonly connected: boolean
  readonly connectedVersion: number
  readonly refreshed: boolean
  readonly refreshedVersion: number
  readonly tokenChanged: boolean
  readonly api: { readonly status: number; readonly instanceKey: unknown }
}

/**
 * The whole life of a connection through @rw/oauth-client, using only what every runtime has:
 * start, follow the authorize redirect (the mock consents automatically), complete, refresh, call the API.
 * Bundled together with core and client, this is the code that runs on Node 20 and in the edge VM.
 */
export async function runCompatFlow(input: CompatFlowInput): Promise<CompatFlowReport> {
  const rw = createRadioWorkflow({
    partnerKey: input.partnerKey,
    partnerSecret: input.partnerSecret,
    redirectUri: input.redirectUri,
    endpoints: input.endpoints,
    scopes: ['basic'],
  })
  const started = await rw.startAuthorization({ instanceKey: input.instanceKey, returnTo: '/done' })
  const consent = await fetch(started.url, { redirect: 'manual' })
  const callbackUrl = consent.headers.get('location')
  if (consent.status !== 302 || callbackUrl === null) {
    throw new Error(`The authorize endpoint answered ${consent.status} without a redirect: ${await consent.text()}`)
  }
  const completed = await rw.completeAuthorization(callbackUrl, { binding: started.binding })
  const firstToken = await rw.getAccessToken(input.instanceKey)
  const refreshed = await rw.refresh(input.instanceKey)
  const secondToken = await rw.getAccessToken(input.instanceKey)
  const response = await rw.fetch(input.instanceKey, '/instance')
  const body = (await response.json()) as { key?: unknown }
  return {
    connected: completed.connection.status === 'active' && completed.instanceKey === input.instanceKey,
    connectedVersion: completed.connection.version,
    refreshed: refreshed.status === 'active',
    refreshedVersion: refreshed.version,
    tokenChanged: firstToken !== secondToken,
    api: { status: response.status, instanceKey: body.key },
  }
}
