/**
 * `pnpm soak`: the chaos soak of issue #9. Exit code 0: no avoidable revocation and no stuck
 * instance; 1: at least one of them; 2: the harness itself failed (the run is no evidence).
 */
import { writeFile } from 'node:fs/promises'
import { killTrackedChildren } from './child-registry'
import { parseSoakOptions, SOAK_USAGE } from './soak-options'
import { formatSoakReport } from './soak-report'
import { runSoak } from './soak-supervisor'

/** Hard stop: the run never outlives its plan by more than this. */
const OVERRUN_MS = 120_000

process.on('exit', killTrackedChildren)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    killTrackedChildren()
    process.exit(2)
  })
}

async function main(): Promise<number> {
  const options = parseSoakOptions(process.argv.slice(2))
  if (options === 'help') {
    console.log(SOAK_USAGE)
    return 0
  }
  const plannedMs = (options.minutes * 60 + options.settleSeconds) * 1000
  const watchdog = setTimeout(() => {
    console.error(`soak: still running ${OVERRUN_MS / 1000} s after its plan; stopping everything.`)
    killTrackedChildren()
    process.exit(2)
  }, plannedMs + OVERRUN_MS)
  watchdog.unref()
  const started = Date.now()
  const report = await runSoak(options, (line) =>
    console.log(`[soak +${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`),
  )
  console.log(`\n${formatSoakReport(report)}`)
  if (options.jsonPath !== null) await writeFile(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`)
  if (report.harnessErrors.length > 0 || report.refreshCycles === 0) return 2
  return report.passed ? 0 : 1
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error('soak: the harness failed:', error)
    killTrackedChildren()
    process.exitCode = 2
  },
)
