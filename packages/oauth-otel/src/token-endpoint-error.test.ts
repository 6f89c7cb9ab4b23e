import { describe, expect, it } from 'vitest'
import { readTokenEndpointErrorCode } from './token-endpoint-error'

const answer = (status: number, body: string) => ({ status, headers: {}, body })

describe('readTokenEndpointErrorCode', () => {
  it('reads a standard RFC 6749 error code', () => {
    expect(readTokenEndpointErrorCode(answer(400, '{"error":"invalid_grant","error_description":"x"}'))).toBe(
      'invalid_grant',
    )
    expect(readTokenEndpointErrorCode(answer(503, '{"error":"temporarily_unavailable"}'))).toBe(
      'temporarily_unavailable',
    )
  })

  it('reports any other answer by status, never by a server-chosen string', () => {
    expect(readTokenEndpointErrorCode(answer(400, '{"error":"customer 42 is suspended"}'))).toBe('http_400')
    expect(readTokenEndpointErrorCode(answer(502, '<html>Bad Gateway</html>'))).toBe('http_502')
    expect(readTokenEndpointErrorCode(answer(500, 'null'))).toBe('http_500')
  })
})
