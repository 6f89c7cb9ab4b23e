import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createRadioWorkflowErrorHandler } from '../src/index'
import { createTestClient } from './support/connect-instance'

describe('createRadioWorkflowErrorHandler and an error from another copy of @rw/oauth-core', () => {
  it('still answers it as an SDK error, with its status and the reconnect link for its instance', async () => {
    // The query string makes Vite load the core's errors a second time, with their own classes: what a partial
    // upgrade (or the CommonJS build next to the ESM one) installs. compat/ checks the real pair from the tarballs.
    const secondCore: typeof import('@rw/oauth-core') = await import(
      /* @vite-ignore */ '../../oauth-core/src/errors.ts?second-copy' as string
    )
    const { rw } = createTestClient()
    const answerError = createRadioWorkflowErrorHandler({ rw })
    const app = new Hono()
      .get('/logs', () => {
        throw new secondCore.ReauthorizationRequiredError('desert-broadcasters')
      })
      .onError((error, c) => answerError(error, c))

    const response = await app.request('/logs')

    expect(response.status).toBe(401)
    expect(await response.text()).toContain('href="/auth/rw/login?instance=desert-broadcasters"')
  })
})
