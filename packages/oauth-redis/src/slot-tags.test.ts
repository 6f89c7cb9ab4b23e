import { describe, expect, it } from 'vitest'
import { findSlotOfKey, findSlotTag, SLOT_COUNT } from './slot-tags'

describe('findSlotTag', () => {
  it('gives every slot a tag that lands in it, all distinct', () => {
    const tags = new Set<string>()
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const tag = findSlotTag(slot)
      expect(findSlotOfKey(`any:prefix:{${tag}}:registry`)).toBe(slot)
      tags.add(tag)
    }
    expect(tags.size).toBe(SLOT_COUNT)
  })

  it('is stable: the stored layout depends on these exact tags', () => {
    // Changing the enumeration would orphan every index shard already written (repairRegistry rebuilds them).
    expect([0, 1, 8_000, 16_383].map(findSlotTag)).toEqual(['rg6r', 'r39b', 'r18s', 'r64q'])
  })

  it('rejects a slot outside 0–16383', () => {
    expect(() => findSlotTag(SLOT_COUNT)).toThrow(RangeError)
  })
})

describe('findSlotOfKey', () => {
  it('hashes only the hash tag, like Redis Cluster', () => {
    // Known values of Redis Cluster's CRC16 (see CLUSTER KEYSLOT).
    expect(findSlotOfKey('foo')).toBe(12_182)
    expect(findSlotOfKey('a:{foo}:b')).toBe(12_182)
    expect(findSlotOfKey('{user1000}.following')).toBe(findSlotOfKey('{user1000}.followers'))
  })
})
