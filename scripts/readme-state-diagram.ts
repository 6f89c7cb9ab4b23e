// Writes the core's generated state diagram into README.md (between the state-diagram markers) and into
// the core package README (its mermaid block). `pnpm readme:diagram`; the README tests fail when they drift.
import { readFileSync, writeFileSync } from 'node:fs'
import { renderConnectionStateDiagram } from '../packages/oauth-core/src/connection-state-diagram'
import { replaceReadmeStateDiagram } from '../packages/oauth-core/test/readme-state-diagram'

const diagram = renderConnectionStateDiagram()
const root = new URL('../README.md', import.meta.url)
writeFileSync(root, replaceReadmeStateDiagram(readFileSync(root, 'utf8'), diagram))
const core = new URL('../packages/oauth-core/README.md', import.meta.url)
const coreReadme = readFileSync(core, 'utf8')
writeFileSync(
  core,
  coreReadme.replace(/```mermaid\nstateDiagram-v2\n[\s\S]*?```/, () => `\`\`\`mermaid\n${diagram}\`\`\``),
)
