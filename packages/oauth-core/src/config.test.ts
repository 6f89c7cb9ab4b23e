import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { createConfigInput, TEST_SECRET } from '../test/fixtures'
import {
  CONFIG_DEFAULTS,
  findUndocumentedScopes,
  RADIO_WORKFLOW_AUTHORIZE_URL,
  RADIO_WORKFLOW_SCOPES,
  resolveConfig,
} from './config'
import { ConfigurationError } from './errors'

function expectConfigurationError(run: () => unknown, field: string, messagePart: RegExp) {
  let caught: unknown
  try {
    run()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(ConfigurationError)
  const error = caught as ConfigurationError
  expect(error.code).toBe('configuration_invalid')
  expect(error.field).toBe(field)
  expect(error.message).toMatch(messagePart)
  expect(error.message).not.toContain(TEST_SECRET)
}

describe('resolveConfig', () => {
  test('applies the documented defaults', () => {
    const config = resolveConfig(createConfigInput())
    expect(config.endpoints.authorize).toBe(RADIO_WORKFLOW_AUTHORIZE_URL)
    expect(config.endpoints.api).toBeNull()
    expect(config.scopes).toEqual(['basic'])
    expect(config.pkce).toBe(true)
    expect(config.sendRedirectUri).toBe(true)
    expect(config.issuer).toBeNull()
    expect(config.refreshWindowMs).toBe(CONFIG_DEFAULTS.refreshWindowMs)
    expect(config.refreshJitterMs).toBe(60_000)
    expect(config.pendingAuthorizationTtlMs).toBe(600_000)
    expect(Object.isFrozen(config)).toBe(true)
  })

  test('keeps explicit options', () => {
    const config = resolveConfig(
      createConfigInput({
        endpoints: {
          token: 'http://127.0.0.1:4000/token',
          refresh: 'http://localhost:4000/refresh',
          authorize: 'http://[::1]:4000/authorize?tenant=a',
          api: 'http://rw-mock.localhost/api/v1/',
        },
        scopes: ['basic', 'edit-logs', 'basic'],
        pkce: false,
        sendRedirectUri: false,
        issuer: 'https://issuer.example',
        refreshWindowMs: 1000,
        refreshJitterMs: 0,
        pendingAuthorizationTtlMs: 5000,
      }),
    )
    expect(config.endpoints).toEqual({
      token: 'http://127.0.0.1:4000/token',
      refresh: 'http://localhost:4000/refresh',
      authorize: 'http://[::1]:4000/authorize?tenant=a',
      api: 'http://rw-mock.localhost/api/v1/',
    })
    expect(config.scopes).toEqual(['basic', 'edit-logs'])
    expect([config.pkce, config.sendRedirectUri, config.issuer]).toEqual([false, false, 'https://issuer.example'])
    expect([config.refreshWindowMs, config.refreshJitterMs, config.pendingAuthorizationTtlMs]).toEqual([1000, 0, 5000])
  })

  const endpoints = createConfigInput().endpoints
  test.each([
    ['partnerKey', { partnerKey: '' }, /partnerKey is missing.*PartnerKey/],
    ['partnerKey', { partnerKey: undefined }, /partnerKey/],
    ['partnerSecret', { partnerSecret: '  ' }, /partnerSecret is missing.*PartnerSecret/],
    ['redirectUri', { redirectUri: 'not a url' }, /not an absolute URL/],
    ['redirectUri', { redirectUri: 'http://partner.example/cb' }, /must use https/],
    ['redirectUri', { redirectUri: 'https://partner.example/cb#frag' }, /fragment/],
    ['endpoints.token', { endpoints: { ...endpoints, token: undefined } }, /Partner Portal.*never guesses/],
    ['endpoints.token', { endpoints: undefined }, /endpoints.token is missing/],
    ['endpoints.refresh', { endpoints: { ...endpoints, refresh: '' } }, /refreshToken.*Partner Portal/],
    ['endpoints.token', { endpoints: { ...endpoints, token: 'http://10.0.0.1/token' } }, /https.*localhost/],
    ['endpoints.token', { endpoints: { ...endpoints, token: 'http://localhost.evil.example/token' } }, /https/],
    ['endpoints.token', { endpoints: { ...endpoints, token: 'http://localhost-evil.example/token' } }, /https/],
    ['endpoints.token', { endpoints: { ...endpoints, token: 'ftp://127.0.0.1/token' } }, /https/],
    ['endpoints.token', { endpoints: { ...endpoints, token: 'https://user:pw@auth.example/token' } }, /credentials/],
    ['endpoints.authorize', { endpoints: { ...endpoints, authorize: 'http://radioworkflow.com/authorize' } }, /https/],
    ['endpoints.api', { endpoints: { ...endpoints, api: 'nope' } }, /absolute URL/],
    ['endpoints.refresh', { endpoints: { ...endpoints, refresh: 'http://127.0.0.1:6000/refresh' } }, /port 6000/],
    ['endpoints.token', { endpoints: { ...endpoints, token: 'https://auth.example:6667/token' } }, /port 6667/],
    ['endpoints.api', { endpoints: { ...endpoints, api: 'http://localhost:10080/' } }, /port 10080/],
    ['scopes', { scopes: [] }, /non-empty array/],
    ['scopes', { scopes: 'basic' }, /non-empty array/],
    ['scopes', { scopes: ['basic dubbed'] }, /without spaces/],
    ['scopes', { scopes: [''] }, /without spaces/],
    ['pkce', { pkce: 'yes' }, /true or false/],
    ['sendRedirectUri', { sendRedirectUri: 1 }, /true or false/],
    ['issuer', { issuer: '' }, /issuer/],
    ['refreshWindowMs', { refreshWindowMs: 0 }, /positive number of milliseconds/],
    ['refreshWindowMs', { refreshWindowMs: Number.NaN }, /positive/],
    ['refreshJitterMs', { refreshJitterMs: -1 }, /zero or a positive/],
    ['pendingAuthorizationTtlMs', { pendingAuthorizationTtlMs: Number.POSITIVE_INFINITY }, /positive/],
  ] as const)('%s: rejects %j', (field, overrides, message) => {
    expectConfigurationError(() => resolveConfig(createConfigInput(overrides as never)), field, message)
  })

  test('rejects a non-object', () => {
    expectConfigurationError(() => resolveConfig(null as never), 'config', /must be an object/)
  })

  test('accepts the whole 127.0.0.0/8 range over http', () => {
    const config = resolveConfig(createConfigInput({ redirectUri: 'http://127.8.9.10:3000/cb' }))
    expect(config.redirectUri).toBe('http://127.8.9.10:3000/cb')
  })

  test('never prints the secret', () => {
    const config = resolveConfig(createConfigInput())
    for (const printed of [
      JSON.stringify(config),
      String(config),
      `${config}`,
      inspect(config),
      inspect({ nested: config }, { depth: 5 }),
    ]) {
      expect(printed).not.toContain(TEST_SECRET)
      expect(printed).toContain('partner-key')
    }
    expect(JSON.parse(JSON.stringify(config)).partnerSecret).toBe('[redacted]')
    expect(config.partnerSecret).toBe(TEST_SECRET)
  })
})

describe('resolveConfig with several fields to fix', () => {
  test('names every missing field at once, in option order, with how to fix each', () => {
    let caught: unknown
    try {
      resolveConfig({ endpoints: {} } as never)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ConfigurationError)
    const error = caught as ConfigurationError
    expect(error.fields).toEqual(['partnerKey', 'partnerSecret', 'redirectUri', 'endpoints.token', 'endpoints.refresh'])
    expect(error.field).toBe('partnerKey')
    expect(error.message).toMatch(/^5 configuration fields need fixing:\n- partnerKey is missing or empty/)
    for (const field of error.fields) expect(error.message).toContain(`\n- ${field}`)
    expect(error.message).toContain('Partner Portal')
  })

  test('a single problem keeps its own message and a one-field list', () => {
    expectConfigurationError(
      () => resolveConfig(createConfigInput({ refreshWindowMs: -1 })),
      'refreshWindowMs',
      /^refreshWindowMs must be a positive number/,
    )
    try {
      resolveConfig(createConfigInput({ refreshWindowMs: -1 }))
    } catch (error) {
      expect((error as ConfigurationError).fields).toEqual(['refreshWindowMs'])
    }
  })
})

describe('findUndocumentedScopes', () => {
  test('returns the scopes Radio Workflow does not document, in order', () => {
    expect(findUndocumentedScopes(['basic', 'edit-log', 'dubbed', 'admin'])).toEqual(['edit-log', 'admin'])
    expect(findUndocumentedScopes([...RADIO_WORKFLOW_SCOPES])).toEqual([])
  })
})
