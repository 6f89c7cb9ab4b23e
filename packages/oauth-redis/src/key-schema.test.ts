import { UsageError } from '@rw/oauth-core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KeySchema } from './key-schema'
import { findSlotOfKey } from './slot-tags'

const schema = new KeySchema('app:')

/** What Redis Cluster hashes: the text between the first `{` and the next `}`. */
function hashTagOf(key: string): string {
  const open = key.indexOf('{')
  return key.slice(open + 1, key.indexOf('}', open + 1))
}

describe('KeySchema', () => {
  it('puts all keys of an instance under one versioned prefix and one hash tag', () => {
    const keys = schema.createInstanceKeys('desert:{fm}')
    expect(keys.record.startsWith('app:v1:{')).toBe(true)
    const tags = [keys.record, keys.lock, keys.generation, keys.channel].map(hashTagOf)
    expect(new Set(tags).size).toBe(1)
    expect(tags[0]).toBe(Buffer.from('desert:{fm}').toString('base64url'))
  })

  it('maps distinct ids (any unicode, separators, braces, long) to distinct tags without `{`, `}` or `:`', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
        fc.string({ minLength: 1 }),
        (a, b) => {
          const tagA = hashTagOf(schema.createInstanceKeys(a).record)
          expect(tagA).toMatch(/^[A-Za-z0-9_-]+$/)
          if (a !== b) expect(tagA).not.toBe(hashTagOf(schema.createInstanceKeys(b).record))
        },
      ),
    )
  })

  it('keeps pending keys apart from instance keys', () => {
    expect(schema.createPendingKeys('abc').pending).toBe(`app:v1:pending:{${Buffer.from('abc').toString('base64url')}}`)
  })

  it('rejects empty ids and lone surrogates (they would collide after UTF-8 encoding)', () => {
    expect(() => schema.createInstanceKeys('')).toThrow(UsageError)
    expect(() => schema.createInstanceKeys('\uDC00')).toThrow(/lone surrogate/)
    expect(() => schema.createPendingKeys('')).toThrow(/stateId/)
  })

  it('puts the index shard of an instance in the slot of its record, for any id', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }), (id) => {
        const keys = schema.createInstanceKeys(id)
        expect(findSlotOfKey(keys.registryShard)).toBe(findSlotOfKey(keys.record))
        expect(keys.slot).toBe(findSlotOfKey(keys.record))
        expect(keys.registryShard).toBe(schema.createRegistryShardKey(keys.slot))
      }),
    )
  })

  it('reads the instance back from a record key, and nothing from other keys', () => {
    const keys = schema.createInstanceKeys('desert:{fm} 🎙️')
    expect(schema.readRecordKey(keys.record)).toEqual({ instanceKey: 'desert:{fm} 🎙️', keys })
    for (const other of [keys.lock, keys.registryShard, 'app:v1:{!!}:connection', 'other:v1:{YQ}:connection']) {
      expect(schema.readRecordKey(other)).toBeNull()
    }
  })
})

describe('change channels', () => {
  it('reads the instance back from its channel, matches every channel with one pattern, and nothing else', () => {
    const schema = new KeySchema('app*[x]:')
    for (const instanceKey of ['plain', 'with:colon', '{braces}', 'ünï ✓']) {
      const { channel } = schema.createInstanceKeys(instanceKey)
      expect(schema.readInstanceKeyOfChannel(channel)).toBe(instanceKey)
    }
    expect(schema.changeChannelPattern).toBe('app\\*\\[x\\]:v1:{*}:changed')
    expect(schema.readInstanceKeyOfChannel('other:v1:{YQ}:changed')).toBeUndefined()
    expect(schema.readInstanceKeyOfChannel(schema.createInstanceKeys('a').lock)).toBeUndefined()
  })
})
