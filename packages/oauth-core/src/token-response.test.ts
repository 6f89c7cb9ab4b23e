import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { TokenEndpointError, TokenResponseError } from './errors'
import type { HttpResponse } from './http'
import { DEFAULT_EXPIRES_IN_SECONDS, processTokenResponse } from './token-response'

const now = 1_700_000_000_000
const ACCESS = 'access-TOKEN-value'
const REFRESH = 'refresh-TOKEN-value'
const json = { 'content-type': 'application/json; charset=utf-8' }

function respond(status: number, body: unknown, headers: Record<string, string> = json): HttpResponse {
  return { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) }
}

const context = { now, requestedScopes: ['basic', 'edit-logs'] }

describe('processTokenResponse: success', () => {
  test.each([
    {
      name: 'the documented response',
      body: {
        access_token: ACCESS,
        expires_in: 3600,
        token_type: 'Bearer',
        scope: 'basic edit-logs',
        refresh_token: REFRESH,
      },
      expected: { refreshToken: REFRESH, scopes: ['basic', 'edit-logs'], expiresAt: now + 3_600_000 },
    },
    {
      name: 'lower-case bearer, numeric string expires_in, narrower scope',
      body: { access_token: ACCESS, expires_in: ' 120 ', token_type: 'bearer', scope: 'basic', refresh_token: REFRESH },
      expected: { refreshToken: REFRESH, scopes: ['basic'], expiresAt: now + 120_000 },
    },
    {
      name: 'no token_type, no expires_in, no scope, no refresh_token',
      body: { access_token: ACCESS },
      expected: {
        refreshToken: null,
        scopes: ['basic', 'edit-logs'],
        expiresAt: now + DEFAULT_EXPIRES_IN_SECONDS * 1000,
      },
    },
    {
      name: 'null expires_in and scope, empty refresh_token, extra members',
      body: {
        access_token: ACCESS,
        token_type: 'BEARER',
        expires_in: null,
        scope: '  ',
        refresh_token: '',
        id_token: 'x',
      },
      expected: { refreshToken: null, scopes: ['basic', 'edit-logs'], expiresAt: now + 3_600_000 },
    },
    {
      name: 'fractional expires_in',
      body: { access_token: ACCESS, expires_in: 1.5 },
      expected: { refreshToken: null, scopes: ['basic', 'edit-logs'], expiresAt: now + 1500 },
    },
  ])('$name', ({ body, expected }) => {
    const tokens = processTokenResponse(respond(200, body), context)
    expect(tokens).toEqual({ accessToken: ACCESS, tokenType: 'Bearer', obtainedAt: now, ...expected })
  })

  test('JSON is parsed whatever the content type says', () => {
    for (const headers of [{}, { 'content-type': 'text/plain' }, { 'content-type': 'text/html' }] as Record<
      string,
      string
    >[]) {
      expect(processTokenResponse(respond(201, { access_token: ACCESS }, headers), context).accessToken).toBe(ACCESS)
    }
  })

  test('keeps the previous refresh token when the server does not rotate', () => {
    const tokens = processTokenResponse(respond(200, { access_token: ACCESS }), {
      ...context,
      previousRefreshToken: 'old',
    })
    expect(tokens.refreshToken).toBe('old')
    const rotated = processTokenResponse(respond(200, { access_token: ACCESS, refresh_token: REFRESH }), {
      ...context,
      previousRefreshToken: 'old',
    })
    expect(rotated.refreshToken).toBe(REFRESH)
  })

  test('the token set prints redacted', () => {
    const tokens = processTokenResponse(respond(200, { access_token: ACCESS, refresh_token: REFRESH }), context)
    for (const printed of [JSON.stringify(tokens), String(tokens), `${tokens}`, inspect(tokens), inspect([tokens])]) {
      expect(printed).not.toContain(ACCESS)
      expect(printed).not.toContain(REFRESH)
      expect(printed).toContain('Bearer')
    }
    expect({ ...tokens }.accessToken).toBe(ACCESS)
    expect(structuredClone(tokens).refreshToken).toBe(REFRESH)
  })
})

describe('processTokenResponse: failures', () => {
  test.each([
    {
      name: '400 invalid_grant',
      response: respond(400, { error: 'invalid_grant', error_description: 'secret-ish detail' }),
      oauthError: 'invalid_grant',
      message: /"invalid_grant" \(status 400\).*already used/,
    },
    {
      name: '401 invalid_client',
      response: respond(401, { error: 'invalid_client' }),
      oauthError: 'invalid_client',
      message: /partnerKey and partnerSecret/,
    },
    {
      name: '400 invalid_scope',
      response: respond(400, { error: 'invalid_scope' }),
      oauthError: 'invalid_scope',
      message: /scope was refused/,
    },
    {
      name: '200 with an error member',
      response: respond(200, { error: 'temporarily_unavailable', access_token: ACCESS }),
      oauthError: 'temporarily_unavailable',
      message: /status 200/,
    },
    {
      name: 'error with unusual characters',
      response: respond(400, { error: 'weird<tag>' }),
      oauthError: 'weird<tag>',
      message: /rejected the request with an error \(status 400\)\.$/,
    },
    {
      name: 'error without content type',
      response: respond(503, { error: 'server_error' }, {}),
      oauthError: 'server_error',
      message: /status 503/,
    },
  ])('$name → TokenEndpointError', ({ response, oauthError, message }) => {
    let caught: unknown
    try {
      processTokenResponse(response, context)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(TokenEndpointError)
    const error = caught as TokenEndpointError
    expect(error.code).toBe('token_endpoint_error')
    expect(error.oauthError).toBe(oauthError)
    expect(error.endpointStatus).toBe(response.status)
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain('secret-ish')
    expect(error.message).not.toContain(ACCESS)
  })

  test.each([
    {
      name: 'HTML error page',
      response: respond(502, '  <!doctype html><title>Bad Gateway</title>', { 'content-type': 'text/html' }),
      message: /HTML page with status 502/,
    },
    {
      name: 'HTML with a 200',
      response: respond(200, `<html>${ACCESS}</html>`, {}),
      message: /HTML page with status 200/,
    },
    {
      name: 'plain text',
      response: respond(500, `oops ${ACCESS}`, { 'content-type': 'text/plain; charset=x' }),
      message: /status 500 .*not JSON \(content type text\/plain\)/,
    },
    { name: 'empty body', response: respond(204, '', {}), message: /not JSON \(content type none\)/ },
    {
      name: 'odd content type',
      response: respond(500, 'x', { 'content-type': `a b ${ACCESS}` }),
      message: /content type unrecognized/,
    },
    { name: 'JSON array', response: respond(200, [ACCESS]), message: /not an object/ },
    { name: 'JSON null', response: respond(200, 'null'), message: /not an object/ },
    {
      name: '500 JSON without error',
      response: respond(500, { message: 'nope' }),
      message: /status 500 without an OAuth error code/,
    },
    { name: 'non-string error', response: respond(400, { error: 42 }), message: /without an OAuth error code/ },
    { name: 'error with a quote', response: respond(400, { error: 'a"b' }), message: /without an OAuth error code/ },
    {
      name: 'missing access_token',
      response: respond(200, { token_type: 'Bearer' }),
      message: /without a usable access_token/,
    },
    { name: 'empty access_token', response: respond(200, { access_token: '' }), message: /access_token/ },
    { name: 'access_token with a space', response: respond(200, { access_token: 'a b' }), message: /access_token/ },
    { name: 'numeric access_token', response: respond(200, { access_token: 42 }), message: /access_token/ },
    {
      name: 'mac token_type',
      response: respond(200, { access_token: ACCESS, token_type: 'mac' }),
      message: /other than Bearer/,
    },
    {
      name: 'numeric token_type',
      response: respond(200, { access_token: ACCESS, token_type: 1 }),
      message: /other than Bearer/,
    },
    { name: 'zero expires_in', response: respond(200, { access_token: ACCESS, expires_in: 0 }), message: /expires_in/ },
    {
      name: 'negative expires_in',
      response: respond(200, { access_token: ACCESS, expires_in: -5 }),
      message: /expires_in/,
    },
    {
      name: 'absurd expires_in',
      response: respond(200, { access_token: ACCESS, expires_in: 10 * 365 * 24 * 3600 }),
      message: /expires_in/,
    },
    {
      name: 'non-numeric string expires_in',
      response: respond(200, { access_token: ACCESS, expires_in: '1h' }),
      message: /expires_in/,
    },
    {
      name: 'boolean expires_in',
      response: respond(200, { access_token: ACCESS, expires_in: true }),
      message: /expires_in/,
    },
    {
      name: 'numeric refresh_token',
      response: respond(200, { access_token: ACCESS, refresh_token: 5 }),
      message: /refresh_token/,
    },
    { name: 'array scope', response: respond(200, { access_token: ACCESS, scope: ['basic'] }), message: /scope/ },
  ])('$name → TokenResponseError', ({ response, message }) => {
    let caught: unknown
    try {
      processTokenResponse(response, context)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(TokenResponseError)
    const error = caught as TokenResponseError
    expect(error.code).toBe('token_response_invalid')
    expect(error.endpointStatus).toBe(response.status)
    expect(error.httpStatus).toBe(502)
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain(ACCESS)
    expect(JSON.stringify(error)).not.toContain(ACCESS)
  })
})
