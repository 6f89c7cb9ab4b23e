// Drives one authorization-code flow by hand with @rw/oauth-core: no server, no store, no clock
// inside the core. Run: pnpm --filter @rw/oauth-core exec tsx examples/manual-flow.ts
import {
  type ConnectionRecord,
  classifyExpiry,
  createAuthorizationRequest,
  createConnectionRecord,
  createRefreshRequest,
  createTokenRequest,
  type PendingAuthorization,
  processTokenResponse,
  readCallbackState,
  resolveConfig,
  validateCallback,
} from '@rw/oauth-core'

export function runManualFlow(): ConnectionRecord {
  const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length))
  const config = resolveConfig({
    partnerKey: 'my-partner-key',
    partnerSecret: 'my-partner-secret',
    redirectUri: 'http://localhost:3000/auth/rw/callback',
    // From the Radio Workflow Partner Portal; loopback URLs here because nothing is called.
    endpoints: { token: 'http://127.0.0.1:4000/token', refresh: 'http://127.0.0.1:4000/refreshToken' },
    scopes: ['basic'],
  })

  // 1. Start: redirect the browser to `url`, set `binding` as an HttpOnly cookie, store `pending`.
  const pendingStore = new Map<string, PendingAuthorization>()
  const started = createAuthorizationRequest(config, {
    instanceKey: 'desert-broadcasters',
    returnTo: '/stations',
    now: Date.now(),
    randomBytes,
  })
  pendingStore.set(started.pending.stateId, started.pending)
  console.log('redirect to', started.url)

  // 2. Callback: Radio Workflow redirects back with `code` and `state`.
  const callbackUrl = `${config.redirectUri}?code=auth-code-123&state=${encodeURIComponent(started.pending.state)}`
  const { stateId } = readCallbackState(callbackUrl)
  const pending = pendingStore.get(stateId) ?? null
  pendingStore.delete(stateId) // single use
  const { code } = validateCallback(config, { callbackUrl, pending, binding: started.binding, now: Date.now() })

  // 3. Code exchange: perform `request` with your HTTP client (no redirects followed).
  const request = createTokenRequest(config, { code, pending: pending! })
  console.log('POST', request.url, String(request)) // prints the Basic header and body redacted

  // 4. Process the response (here: what the endpoint would answer).
  const tokens = processTokenResponse(
    {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"access_token":"at-1","expires_in":3600,"token_type":"Bearer","scope":"basic","refresh_token":"rt-1"}',
    },
    { now: Date.now(), requestedScopes: pending!.scopes },
  )
  const record = createConnectionRecord(pending!.instanceKey, tokens, null)
  console.log('connected', record) // tokens print as [redacted]

  // 5. Later: is a refresh due? Then build the refresh request.
  const policy = {
    refreshWindowMs: config.refreshWindowMs,
    refreshJitterMs: config.refreshJitterMs,
    jitterFraction: 0.3,
  }
  if (classifyExpiry(record.expiresAt, record.expiresAt - 60_000, policy) === 'due' && record.refreshToken !== null) {
    console.log('refresh with', String(createRefreshRequest(config, { refreshToken: record.refreshToken })))
  }
  return record
}

if (import.meta.url === `file://${process.argv[1]}`) runManualFlow()
