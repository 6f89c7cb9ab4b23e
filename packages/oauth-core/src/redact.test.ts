import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { attachRedactedPrinting, createRedactedPrintingPrototype, redactSecret } from './redact'

describe('redactSecret', () => {
  test.each([
    ['s3cr3t', '[redacted]'],
    ['', '[none]'],
    [null, '[none]'],
    [undefined, '[none]'],
  ])('%j → %s', (value, expected) => {
    expect(redactSecret(value)).toBe(expected)
  })
})

describe('attachRedactedPrinting', () => {
  test('redacts JSON, String and inspect while keeping data enumerable and spreadable', () => {
    const value = attachRedactedPrinting({ name: 'n', token: 'TOKEN-1' }, 'Thing', (t) => ({
      ...t,
      token: redactSecret(t.token),
    }))
    expect(JSON.stringify(value)).toBe('{"name":"n","token":"[redacted]"}')
    expect(String(value)).toBe('Thing {"name":"n","token":"[redacted]"}')
    expect(inspect(value)).toBe("Thing { name: 'n', token: '[redacted]' }")
    expect(inspect({ deep: { value } }, { depth: 10 })).not.toContain('TOKEN-1')
    expect(Object.keys(value)).toEqual(['name', 'token'])
    expect({ ...value }).toEqual({ name: 'n', token: 'TOKEN-1' })
    expect(structuredClone(value)).toEqual({ name: 'n', token: 'TOKEN-1' })
  })

  test('the inspect hook works when called without an inspect function', () => {
    const value = attachRedactedPrinting({ token: 'TOKEN-2' }, 'Thing', () => ({ token: '[redacted]' }))
    const hook = (value as unknown as Record<symbol, (depth: number, options: unknown) => string>)[
      Symbol.for('nodejs.util.inspect.custom')
    ]!
    expect(hook(2, {})).toBe('Thing {"token":"[redacted]"}')
  })
})

describe('createRedactedPrintingPrototype', () => {
  test('objects built on it print redacted like attachRedactedPrinting, and keep only data as their own', () => {
    const prototype = createRedactedPrintingPrototype<{ name: string; token: string }>('Thing', (t) => ({
      ...t,
      token: redactSecret(t.token),
    }))
    const value = Object.freeze(Object.assign(Object.create(prototype) as object, { name: 'n', token: 'TOKEN-3' }))
    expect(JSON.stringify(value)).toBe('{"name":"n","token":"[redacted]"}')
    expect(String(value)).toBe('Thing {"name":"n","token":"[redacted]"}')
    expect(inspect({ deep: { value } }, { depth: 10 })).not.toContain('TOKEN-3')
    expect(Object.getOwnPropertyNames(value)).toEqual(['name', 'token'])
    expect({ ...value }).toEqual({ name: 'n', token: 'TOKEN-3' })
    expect(structuredClone(value)).toEqual({ name: 'n', token: 'TOKEN-3' })
    expect(Object.isFrozen(prototype)).toBe(true)
  })
})
