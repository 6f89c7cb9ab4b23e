/**
 * The slots whose bit is set in the registry directory (a Redis bitmap: bit 0 is the high bit of byte 0),
 * from `fromSlot` on, ascending. A missing directory (`null`) has none.
 */
export function readSetSlots(bitmap: Buffer | null, fromSlot: number): number[] {
  const slots: number[] = []
  if (bitmap === null) return slots
  for (let byte = fromSlot >> 3; byte < bitmap.length; byte++) {
    const bits = bitmap[byte]!
    if (bits === 0) continue
    for (let bit = 0; bit < 8; bit++) {
      const slot = byte * 8 + bit
      if (slot >= fromSlot && (bits & (0x80 >> bit)) !== 0) slots.push(slot)
    }
  }
  return slots
}
