import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeRegistryCursor, encodeRegistryCursor } from './registry-cursor'
import { readSetSlots } from './slot-directory'

describe('registry cursor', () => {
  it('round-trips any position', () => {
    fc.assert(
      fc.property(
        fc.nat(16_383),
        fc.option(fc.string({ unit: 'grapheme', minLength: 1 }), { nil: null }),
        (slot, after) => {
          expect(decodeRegistryCursor(encodeRegistryCursor({ slot, after }))).toEqual({ slot, after })
        },
      ),
    )
  })

  it.each(['', 'r1.', 'r1.16384.', 'r2.0.', 'r1.0.a+b', 'm1:key'])(
    'rejects %j with a usage_invalid error',
    (cursor) => {
      expect(() => decodeRegistryCursor(cursor)).toThrow(expect.objectContaining({ code: 'usage_invalid' }))
    },
  )
})

describe('readSetSlots', () => {
  it('reads Redis bit order (bit 0 is the high bit of byte 0) from a slot on', () => {
    const bitmap = Buffer.from([0b1000_0001, 0, 0b0100_0000])
    expect(readSetSlots(bitmap, 0)).toEqual([0, 7, 17])
    expect(readSetSlots(bitmap, 1)).toEqual([7, 17])
    expect(readSetSlots(bitmap, 8)).toEqual([17])
    expect(readSetSlots(null, 0)).toEqual([])
  })
})
