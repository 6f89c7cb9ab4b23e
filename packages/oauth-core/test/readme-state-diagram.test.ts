import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderConnectionStateDiagram } from '../src/connection-state-diagram'
import { readReadmeStateDiagram } from './readme-state-diagram'

describe('the root README state diagram', () => {
  it('is the one generated from the transition table (run `pnpm readme:diagram` after changing the table)', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
    expect(readReadmeStateDiagram(readme)).toBe(renderConnectionStateDiagram())
  })
})
