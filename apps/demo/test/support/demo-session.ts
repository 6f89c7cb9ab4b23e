import { createRadioWorkflow } from '@rw/oauth-client'
import { type MockRadioWorkflow, resolveExampleEnvironment } from '@rw/oauth-testing'
import type { Hono } from 'hono'
import { expect } from 'vitest'
import { createDemoApp } from '../../src/create-demo-app'

export interface DemoSession {
  readonly app: Hono
  readonly mock: MockRadioWorkflow
  readonly origin: string
  advanceClock(ms: number): void
  /** Sends a request the way the browser does, carrying the cookies the app set so far. */
  browse(path: string, init?: RequestInit): Promise<Response>
}

/** The demo app as `pnpm demo` builds it (in-memory store), with the mock served in-process. */
export async function startDemoSession(): Promise<DemoSession> {
  const environment = await resolveExampleEnvironment({ env: {}, port: 3000, listenMock: false })
  const mock = environment.mock as MockRadioWorkflow
  let offsetMs = 0
  const now = () => Date.now() + offsetMs
  const rw = createRadioWorkflow({ ...environment.rwOptions, scopes: ['basic'], now })
  const app = createDemoApp({ rw, origin: environment.origin, now, suggestedInstances: mock.instances })
  const cookies = new Map<string, string>()
  return {
    app,
    mock,
    origin: environment.origin,
    advanceClock(ms) {
      offsetMs += ms
    },
    async browse(path, init = {}) {
      const headers = new Headers(init.headers)
      if (cookies.size > 0) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '))
      const response = await app.request(path, { ...init, headers })
      for (const header of response.headers.getSetCookie()) {
        const [pair = ''] = header.split(';')
        const [name = '', value = ''] = pair.split('=')
        if (value === '') cookies.delete(name)
        else cookies.set(name, value)
      }
      return response
    },
  }
}

export interface ConsentDecision {
  readonly instance: string
  readonly user?: 'normal' | 'super'
  readonly scopes: readonly string[]
  readonly action?: 'approve' | 'deny'
}

/** Opens the mock's consent page at `authorizeUrl`, submits the form as a person would, returns the callback path. */
export async function submitConsent(mock: MockRadioWorkflow, authorizeUrl: string, decision: ConsentDecision) {
  const page = await mock.fetch(authorizeUrl)
  expect(page.status).toBe(200)
  const requestId = /name="request_id" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const form = new URLSearchParams({
    request_id: requestId,
    instance: decision.instance,
    user: decision.user ?? 'normal',
  })
  for (const scope of decision.scopes) form.append('scope', scope)
  form.set('action', decision.action ?? 'approve')
  const answer = await mock.fetch(authorizeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  })
  expect(answer.status).toBe(302)
  const callback = new URL(answer.headers.get('location') ?? '')
  return `${callback.pathname}${callback.search}`
}
