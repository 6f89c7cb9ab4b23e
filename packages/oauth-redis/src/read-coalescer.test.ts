import { describe, expect, it } from 'vitest'
import { ReadCoalescer, type ReadSlot } from './read-coalescer'

const slots = new Map<string, ReadSlot<string | null> & { key: string }>()
const slotOf = (key: string) => {
  let slot = slots.get(key)
  if (slot === undefined) {
    slot = { key, sharedRead: undefined }
    slots.set(key, slot)
  }
  return slot
}

describe('ReadCoalescer', () => {
  it('sends one read for callers of a key in the same batch, and a new one afterwards', async () => {
    const coalescer = new ReadCoalescer<string | null>()
    const sent: string[] = []
    let value = 'v1'
    const send = ({ key }: { key: string }) => {
      sent.push(key)
      return Promise.resolve(value)
    }
    const first = await Promise.all([
      coalescer.read(slotOf('a'), send),
      coalescer.read(slotOf('a'), send),
      coalescer.read(slotOf('b'), send),
    ])
    expect(first).toEqual(['v1', 'v1', 'v1'])
    expect(sent).toEqual(['a', 'b'])
    value = 'v2'
    expect(await coalescer.read(slotOf('a'), send)).toBe('v2')
    expect(sent).toEqual(['a', 'b', 'a'])
  })

  it('sends the first read before read() returns (no microtask hop before the GET)', () => {
    const coalescer = new ReadCoalescer<string | null>()
    const sent: string[] = []
    void coalescer.read(slotOf('a'), ({ key }) => {
      sent.push(key)
      return Promise.resolve(null)
    })
    expect(sent).toEqual(['a'])
  })

  it('never shares a read across a point where I/O could have been observed (a microtask checkpoint)', async () => {
    const coalescer = new ReadCoalescer<string | null>()
    const send = () => new Promise<string | null>(() => {})
    const early = coalescer.read(slotOf('a'), send)
    await Promise.resolve()
    const late = coalescer.read(slotOf('a'), send)
    expect(late).not.toBe(early)
    // Still pending: a caller after the checkpoint got its own read even though the first is unanswered.
    expect(coalescer.read(slotOf('a'), send)).toBe(late)
  })

  it('passes a failed read to every caller that shared it', async () => {
    const coalescer = new ReadCoalescer<string | null>()
    const send = () => Promise.reject(new Error('down'))
    const results = await Promise.allSettled([coalescer.read(slotOf('a'), send), coalescer.read(slotOf('a'), send)])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected'])
  })
})
