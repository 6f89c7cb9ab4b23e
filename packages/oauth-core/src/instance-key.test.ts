import { describe, expect, test } from 'vitest'
import { UsageError } from './errors'
import { MAX_INSTANCE_KEY_LENGTH, validateInstanceKey } from './instance-key'

describe('validateInstanceKey', () => {
  test.each(['desert-broadcasters', 'a:b{c}d', 'Radio 漢字 😀', 'x'.repeat(MAX_INSTANCE_KEY_LENGTH)])(
    'accepts %j',
    (key) => {
      expect(validateInstanceKey(key)).toBe(key)
    },
  )

  test.each([
    ['empty', ''],
    ['too long', 'x'.repeat(MAX_INSTANCE_KEY_LENGTH + 1)],
    ['one megabyte', 'k'.repeat(1024 * 1024)],
    ['lone high surrogate', 'key-\uD800'],
    ['lone low surrogate', '\uDC00-key'],
    ['line break', 'a\nb'],
    ['NUL', 'a\u0000b'],
    ['C1 control', 'a\u0085b'],
    ['not a string', 42],
  ])('refuses %s with a UsageError', (_label, key) => {
    expect(() => validateInstanceKey(key)).toThrow(UsageError)
  })
})
