// Sums the vitest JSON reports of every workspace package into one closing line, "N passed, N failed".
// `clean` removes the previous run's reports first, so a package that did not run cannot be counted.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const REPORT = join('test-results', 'vitest.json')

function findReports() {
  const reports = []
  for (const group of ['packages', 'apps', '.']) {
    const groupDir = join(root, group)
    if (!existsSync(groupDir)) continue
    const dirs = group === '.' ? ['e2e', 'bench'] : readdirSync(groupDir)
    for (const dir of dirs) {
      const path = join(groupDir, dir, REPORT)
      if (existsSync(path)) reports.push(path)
    }
  }
  return reports
}

if (process.argv[2] === 'clean') {
  for (const path of findReports()) rmSync(path)
} else {
  let passed = 0
  let failed = 0
  let skipped = 0
  for (const path of findReports()) {
    const report = JSON.parse(readFileSync(path, 'utf8'))
    passed += report.numPassedTests ?? 0
    failed += report.numFailedTests ?? 0
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
  }
  console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
}
