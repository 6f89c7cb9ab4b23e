import { describe, expect, it } from 'vitest'
import { ReadCoalescer } from './read-coalescer'

describe('ReadCoalescer', () => {
  it('sends one read for callers that start before it is sent, and a new one afterwards', async () => {
    const coalescer = new ReadCoalescer()
    const sent: string[] = []
    let value = 'v1'
    const send = (key: string) => {
      sent.push(key)
      return Promise.resolve(value)
    }
    const first = await Promise.all([coalescer.read('a', send), coalescer.read('a', send), coalescer.read('b', send)])
    expect(first).toEqual(['v1', 'v1', 'v1'])
    expect(sent).toEqual(['a', 'b'])
    value = 'v2'
    expect(await coalescer.read('a', send)).toBe('v2')
    expect(sent).toEqual(['a', 'b', 'a'])
  })

  it('never hands a caller a read that was sent before the caller started', async () => {
    const coalescer = new ReadCoalescer()
    let answer: (value: string) => void = () => {}
    const send = () => new Promise<string | null>((resolve) => (answer = resolve))
    const early = coalescer.read('a', send)
    await Promise.resolve()
    const late = coalescer.read('a', send)
    expect(late).not.toBe(early)
  })

  it('passes a failed read to every caller that shared it', async () => {
    const coalescer = new ReadCoalescer()
    const send = () => Promise.reject(new Error('down'))
    const results = await Promise.allSettled([coalescer.read('a', send), coalescer.read('a', send)])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected'])
  })
})
