import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { createCountingRandomBytes, createTestConfig } from '../test/fixtures'
import { createAuthorizationRequest } from './authorization-request'
import { StoreError } from './errors'
import { parsePendingAuthorization, serializePendingAuthorization } from './pending-authorization-serialization'

function createPending(pkce = true) {
  return createAuthorizationRequest(createTestConfig({ pkce }), {
    instanceKey: 'desert',
    returnTo: '/x',
    now: 5,
    randomBytes: createCountingRandomBytes(),
  }).pending
}

describe('pending authorization serialization', () => {
  test.each([true, false])('round-trips (pkce %s) and prints redacted', (pkce) => {
    const pending = createPending(pkce)
    const text = serializePendingAuthorization(pending)
    expect(text).toContain(pending.state)
    const parsed = parsePendingAuthorization(text)
    expect(parsed).toEqual(pending)
    for (const printed of [JSON.stringify(parsed), String(parsed), inspect(parsed)]) {
      expect(printed).not.toContain(pending.state)
      if (pending.codeVerifier !== null) expect(printed).not.toContain(pending.codeVerifier)
    }
  })

  const valid = JSON.parse(serializePendingAuthorization(createPending()))
  test.each([
    ['{', /not valid JSON/],
    ['"text"', /not a JSON object/],
    [JSON.stringify({ ...valid, state: undefined }), /"state"/],
    [JSON.stringify({ ...valid, codeVerifier: 1 }), /"codeVerifier"/],
    [JSON.stringify({ ...valid, expiresAt: null }), /"expiresAt"/],
    [JSON.stringify({ ...valid, scopes: [''] }), /"scopes"/],
  ])('rejects %s', (json, message) => {
    expect(() => parsePendingAuthorization(json)).toThrowError(StoreError)
    expect(() => parsePendingAuthorization(json)).toThrowError(message)
  })

  test('a non-string input is store_corrupted', () => {
    expect(() => parsePendingAuthorization(undefined as never)).toThrowError(/not a JSON object/)
  })
})
