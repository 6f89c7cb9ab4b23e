import type { ReadableSpan } from '@opentelemetry/sdk-trace'
import { describe, expect, it } from 'vitest'
import { connectInstance, HOUR_MS, INSTANCE, setUpInstrumentedClient, useAsyncContext } from './support/telemetry-setup'

useAsyncContext()

/**
 * Every secret value that crossed the wire: form values of token requests (code, code_verifier,
 * refresh_token), Basic credentials, Bearer tokens, and every token the mock issued.
 */
function createSecretRecorder() {
  const secrets = new Set<string>()
  return {
    secrets,
    record(init: RequestInit | undefined) {
      const headers = new Headers(init?.headers)
      const authorization = headers.get('authorization')
      if (authorization !== null) {
        const [, credential = ''] = authorization.split(' ')
        secrets.add(credential)
        if (authorization.startsWith('Basic ')) for (const part of atob(credential).split(':')) secrets.add(part)
      }
      if (typeof init?.body === 'string') {
        for (const [name, value] of new URLSearchParams(init.body)) {
          if (['code', 'code_verifier', 'refresh_token', 'client_secret'].includes(name)) secrets.add(value)
        }
      }
    },
  }
}

function describeSpan(span: ReadableSpan): unknown {
  return {
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    status: span.status,
    links: span.links,
  }
}

describe('canary scan', () => {
  it('exports no token, secret, code, verifier or state in any span or metric, through a flow that touches every path (code exchange, refresh, 401 retry, lost response, invalid_grant, reconnect, background sweep)', async () => {
    const recorder = createSecretRecorder()
    const setup = setUpInstrumentedClient({ recordInstanceKeys: true })
    const rw = setup.createPeer({
      fetch: (input, init) => {
        recorder.record(init)
        return setup.mock.fetch(input, init)
      },
    })
    const started = await rw.startAuthorization({ instanceKey: INSTANCE })
    const { consentAtMock } = await import('@rw/oauth-testing')
    const callbackUrl = await consentAtMock(setup.mock, started.url, { instanceKey: INSTANCE, scopes: ['basic'] })
    recorder.secrets.add(callbackUrl.searchParams.get('code') ?? '')
    recorder.secrets.add(callbackUrl.searchParams.get('state') ?? '')
    recorder.secrets.add(started.binding)
    await rw.completeAuthorization(callbackUrl.href, { binding: started.binding })

    setup.clock.advance(HOUR_MS + 1)
    await rw.getAccessToken(INSTANCE)
    setup.mock.expireAccessToken(INSTANCE)
    await rw.fetch(INSTANCE, '/instance')
    setup.mock.faults.nextTokenResponses.push({ kind: 'lose_response_after_rotation', endpoint: 'refresh' })
    await expect(rw.refresh(INSTANCE)).rejects.toBeDefined()
    setup.clock.advance(2 * HOUR_MS)
    setup.mock.faults.nextTokenResponses.push({ kind: 'invalid_grant', endpoint: 'refresh' })
    await expect(rw.getAccessToken(INSTANCE)).rejects.toBeDefined()
    await connectInstance({ mock: setup.mock, rw })
    setup.clock.advance(HOUR_MS - 60_000)
    expect(await rw.refreshDueConnections({ leadMs: 120_000 })).toMatchObject({ refreshed: 1 })

    for (const issued of setup.mock.issued()) recorder.secrets.add(issued.value)
    recorder.secrets.add(rw.config.partnerSecret.toString())
    const secrets = [...recorder.secrets].filter((secret) => secret.length >= 8)
    // The scan can only fail if the flow really sent and issued secrets.
    expect(secrets.length).toBeGreaterThanOrEqual(12)
    expect(secrets.some((secret) => secret.startsWith('rwrt_'))).toBe(true)

    const spans = setup.telemetry.spans()
    expect(new Set(spans.map((span) => span.name))).toEqual(
      new Set([
        'rw.oauth.code_exchange',
        'POST',
        'rw.oauth.refresh',
        'rw.oauth.fetch',
        'GET',
        'rw.oauth.refresh_batch',
      ]),
    )
    const exported = JSON.stringify({
      spans: spans.map(describeSpan),
      metrics: await setup.telemetry.collectMetrics(),
    })
    const leaked = secrets.filter((secret) => exported.includes(secret))
    expect(leaked).toEqual([])
    expect(exported).toContain(INSTANCE) // recordInstanceKeys: the scan sees span attributes
  })
})
