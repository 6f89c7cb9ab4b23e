const START = '<!-- state-diagram:start -->'
const END = '<!-- state-diagram:end -->'

/** The Mermaid source between the README's state-diagram markers. */
export function readReadmeStateDiagram(readme: string): string {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start === -1 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers.`)
  const block = readme.slice(start + START.length, end)
  const match = /```mermaid\n([\s\S]*?)```/.exec(block)
  return match?.[1] ?? ''
}

export function replaceReadmeStateDiagram(readme: string, diagram: string): string {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start === -1 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers.`)
  return `${readme.slice(0, start + START.length)}\n\`\`\`mermaid\n${diagram}\`\`\`\n${readme.slice(end)}`
}
