import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { renderConnectionStateDiagram } from '../src/index'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

test('the README diagram is the one generated from the transition table', () => {
  expect(readme).toContain(`\`\`\`mermaid\n${renderConnectionStateDiagram()}\`\`\``)
})

test('the README example is the tested example file', () => {
  const example = readFileSync(new URL('../examples/manual-flow.ts', import.meta.url), 'utf8')
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
})
