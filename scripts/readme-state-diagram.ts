// Writes the core's generated state diagram into README.md between the state-diagram markers.
// `pnpm readme:diagram`; packages/oauth-core/test/readme-state-diagram.test.ts fails when they drift.
import { readFileSync, writeFileSync } from 'node:fs'
import { renderConnectionStateDiagram } from '../packages/oauth-core/src/connection-state-diagram'
import { replaceReadmeStateDiagram } from '../packages/oauth-core/test/readme-state-diagram'

const path = new URL('../README.md', import.meta.url)
writeFileSync(path, replaceReadmeStateDiagram(readFileSync(path, 'utf8'), renderConnectionStateDiagram()))
