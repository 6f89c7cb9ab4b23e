import {
  AuthorizationCallbackError,
  NotConnectedError,
  ReauthorizationRequiredError,
  RefreshOutcomeUnknownError,
  TokenEndpointError,
} from '@rw/oauth-core'
import { describe, expect, it } from 'vitest'
import { renderErrorPage } from './error-page'
import { describeErrorForHttp } from './http-error-description'

describe('describeErrorForHttp', () => {
  it('maps callback errors to 400 with a reconnect hint for state and binding problems', () => {
    expect(
      describeErrorForHttp(new AuthorizationCallbackError('binding_mismatch', 'Started in another browser.')),
    ).toEqual({
      status: 400,
      code: 'binding_mismatch',
      title: 'Authorization started in another browser',
      message: 'Started in another browser.',
      reconnect: true,
    })
    expect(describeErrorForHttp(new AuthorizationCallbackError('issuer_mismatch', 'Bad iss.'))).toMatchObject({
      status: 400,
      reconnect: false,
    })
  })

  it('keeps the httpStatus of SDK errors and flags reauthorization', () => {
    expect(describeErrorForHttp(new ReauthorizationRequiredError('a'))).toMatchObject({
      status: 401,
      code: 'reauthorization_required',
      reconnect: true,
    })
    expect(describeErrorForHttp(new NotConnectedError('a'))).toMatchObject({ status: 409, reconnect: true })
    expect(describeErrorForHttp(new RefreshOutcomeUnknownError('a'))).toMatchObject({ status: 503, reconnect: false })
    expect(describeErrorForHttp(new TokenEndpointError('invalid_client', 401, 'Refused.'))).toMatchObject({
      status: 502,
      code: 'token_endpoint_error',
    })
  })

  it('answers anything else with a generic 500 that reveals nothing', () => {
    const description = describeErrorForHttp(new Error('ECONNREFUSED redis://secret@10.0.0.1'))
    expect(description).toEqual({
      status: 500,
      code: 'internal_error',
      title: 'Something went wrong',
      message: 'An unexpected error occurred. Please try again later.',
      reconnect: false,
    })
    expect(describeErrorForHttp('a string').status).toBe(500)
  })
})

describe('renderErrorPage', () => {
  it('escapes everything it interpolates and shows a reconnect link only when asked', () => {
    const html = renderErrorPage(
      {
        status: 400,
        code: 'authorization_denied',
        title: '<b>t</b>',
        message: '"><script>x()</script>',
        reconnect: true,
      },
      { reconnectUrl: '/auth/rw/login?instance=a&returnTo=/"x' },
    )
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<b>')
    expect(html).toContain('&quot;&gt;&lt;script&gt;x()&lt;/script&gt;')
    expect(html).toContain('href="/auth/rw/login?instance=a&amp;returnTo=/&quot;x"')
    const withoutLink = renderErrorPage({
      status: 500,
      code: 'internal_error',
      title: 'T',
      message: 'M',
      reconnect: false,
    })
    expect(withoutLink).not.toContain('<a ')
    expect(withoutLink).toContain('HTTP 500')
  })
})

describe('describeErrorForHttp with an error from another copy of @rw/oauth-core', () => {
  it('keeps its status, code and message instead of answering a generic 500', async () => {
    // The query string makes Vite load the core's errors a second time, with their own classes (as after a
    // partial upgrade, or with the CommonJS build next to the ESM one; compat/ checks that pair from the tarballs).
    const secondCore: typeof import('@rw/oauth-core') = await import(
      /* @vite-ignore */ '../../oauth-core/src/errors.ts?second-copy' as string
    )
    expect(secondCore.AuthorizationCallbackError).not.toBe(AuthorizationCallbackError)
    const description = describeErrorForHttp(new secondCore.NotConnectedError('desert'))
    expect(description).toMatchObject({ status: 409, code: 'not_connected', reconnect: true })
    expect(description.message).toBe(new NotConnectedError('desert').message)
  })
})
