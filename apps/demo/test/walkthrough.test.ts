import { expect, it } from 'vitest'
import { NEXT_STEPS, runWalkthrough } from '../src/walkthrough-steps'

it('walks through authorize, consent, exchange, API call and refreshes without printing a token', async () => {
  const printed: { title: string; detail: unknown }[] = []
  const mock = await runWalkthrough((title, detail) => printed.push({ title, detail }))

  expect(printed.map(({ title }) => title.slice(0, 2))).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', 'Mo', 'Ne'])
  expect(printed[0]?.title).toContain('`pnpm demo`')
  expect(printed.at(-1)?.detail).toBe(NEXT_STEPS)
  expect(printed[3]?.title).toContain('HTTP 200')
  // Two refreshes, each writing two versions: its write-ahead marker, then the new pair (DESIGN.md rule 8).
  expect(printed[5]?.detail).toMatchObject({ connection: { version: 5 } })
  expect(mock.counters).toMatchObject({ tokenRequests: 1, refreshRequests: 2 })
  const output = JSON.stringify(printed)
  for (const issued of mock.issued()) expect(output).not.toContain(issued.value)
  expect(output).toContain('state=<hidden>')
  expect(output).toContain('code=<hidden>')
  expect(output).toContain('scope=basic%20dubbed')
})
