import { describe, expect, test } from 'vitest'
import { UsageError } from './errors'
import { validateReturnTo } from './return-to'

describe('validateReturnTo', () => {
  test.each([
    [undefined, '/'],
    ['', '/'],
    ['/', '/'],
    ['/stations/42?tab=logs#top', '/stations/42?tab=logs#top'],
    ['/a%20b', '/a%20b'],
    ['/path/with:colon', '/path/with:colon'],
    ['/漢字?q=ü', '/%E6%BC%A2%E5%AD%97?q=%C3%BC'],
    ['/a b', '/a%20b'],
    ['/😀', '/%F0%9F%98%80'],
  ])('accepts %j', (value, expected) => {
    expect(validateReturnTo(value)).toBe(expected)
  })

  test.each([
    '//evil.example',
    '/lone-\uD800-surrogate',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'http:/evil.example',
    'javascript:alert(1)',
    'stations',
    './stations',
    '/a\\b',
    '/a\nb',
    '/a\tb',
    '/a\u0000b',
    '/a\u007Fb',
    '/%2F%2Fevil.example',
    '/%2f/evil.example',
    '/%5Cevil.example',
    '/%252F%252Fevil.example',
    '/%25252F%25252Fevil.example',
    '/%0d%0aSet-Cookie:x',
    '/%E0%A4%A',
    `/${'a'.repeat(3000)}`,
    '/%2525252525252F',
  ])('rejects %j with a UsageError saying what is accepted', (value) => {
    expect(() => validateReturnTo(value)).toThrowError(UsageError)
    expect(() => validateReturnTo(value)).toThrowError(/same-origin relative path starting with a single "\/"/)
  })

  test('rejects a non-string', () => {
    expect(() => validateReturnTo(42 as never)).toThrowError(UsageError)
  })
})
