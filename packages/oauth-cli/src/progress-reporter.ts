import { Presets, SingleBar } from 'cli-progress'

/** Progress of a sweep over the store's records. */
export interface ProgressReporter {
  /** Whether a bar is shown (callers skip counting the records when it is not). */
  readonly enabled: boolean
  start(total: number): void
  advance(count: number): void
  stop(): void
}

/**
 * A progress bar (cli-progress) on stderr while a sweep runs: by default only when stderr is a terminal, so
 * scripts and logs get the summary alone; `--progress` forces it, `--no-progress` turns it off.
 */
export function createProgressReporter(
  stderr: NodeJS.WritableStream & { readonly isTTY?: boolean },
  mode: boolean | undefined,
  label: string,
): ProgressReporter {
  if (!(mode ?? stderr.isTTY === true)) return { enabled: false, start() {}, advance() {}, stop() {} }
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} records`,
      stream: stderr,
      noTTYOutput: mode === true,
      notTTYSchedule: 1000,
    },
    Presets.shades_classic,
  )
  return {
    enabled: true,
    start: (total) => bar.start(total, 0),
    advance: (count) => bar.increment(count),
    stop: () => bar.stop(),
  }
}
