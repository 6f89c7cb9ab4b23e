/// <reference path="./cluster-key-slot.d.ts" />
import calculateSlot from 'cluster-key-slot'

/** Redis Cluster has this many hash slots; the registry keeps one index shard per slot. */
export const SLOT_COUNT = 16_384

let tagsBySlot: readonly string[] | undefined

/**
 * The slot a key lands in (Redis Cluster's CRC16 of its `{hash tag}`). The same on standalone and
 * Sentinel, where slots only choose the index shard.
 */
export function findSlotOfKey(key: string): number {
  return calculateSlot(key)
}

/**
 * A hash tag whose slot is `slot`: the first of `r0`, `r1`, … (base 36) that lands there. Keys tagged
 * with it share the slot of every instance whose keys land in `slot`, so one Lua script may write an
 * instance's record and its index entry atomically, in Cluster too. Deterministic: every process and
 * every version computes the same table, so it is part of the stored layout.
 */
export function findSlotTag(slot: number): string {
  tagsBySlot ??= buildSlotTags()
  const tag = tagsBySlot[slot]
  if (tag === undefined) throw new RangeError(`No hash slot ${slot}: slots run from 0 to ${SLOT_COUNT - 1}.`)
  return tag
}

// About 170 000 CRC16s of 3–5 bytes (coupon collector over 16 384 slots): a few milliseconds, once per process.
function buildSlotTags(): string[] {
  const tags = new Array<string>(SLOT_COUNT)
  let missing = SLOT_COUNT
  for (let counter = 0; missing > 0; counter++) {
    const tag = `r${counter.toString(36)}`
    const slot = calculateSlot(tag)
    if (tags[slot] === undefined) {
      tags[slot] = tag
      missing--
    }
  }
  return tags
}
