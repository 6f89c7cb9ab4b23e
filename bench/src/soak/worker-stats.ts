import type { WorkerStats } from './soak-protocol'

/** Longer than this between two ticks of a 100 ms timer: the process was frozen (SIGSTOP) meanwhile. */
const FROZEN_GAP_MS = 1000

export interface CallTimer {
  served(): void
  failed(code: string): void
}

/** Counts calls, errors by code and the longest waits of one worker; reports them as deltas. */
export interface WorkerStatsCollector {
  startCall(): CallTimer
  countError(code: string): void
  takeDelta(): WorkerStats
}

export function createWorkerStatsCollector(): WorkerStatsCollector {
  let calls = 0
  let served = 0
  let errorsByCode: Record<string, number> = {}
  let maxWaitMs = 0
  let maxWaitUnfrozenMs = 0
  let freezes = 0
  let lastTick = performance.now()
  const ticker = setInterval(() => {
    const now = performance.now()
    if (now - lastTick > FROZEN_GAP_MS) freezes++
    lastTick = now
  }, 100)
  ticker.unref()

  const countError = (code: string) => {
    errorsByCode[code] = (errorsByCode[code] ?? 0) + 1
  }

  return {
    startCall() {
      const started = performance.now()
      const freezesAtStart = freezes
      const end = () => {
        calls++
        const wait = performance.now() - started
        maxWaitMs = Math.max(maxWaitMs, wait)
        // A freeze is only noticed on the next tick: count the call as frozen if one is noticed soon.
        const unfrozen = freezes === freezesAtStart && performance.now() - lastTick < FROZEN_GAP_MS
        if (unfrozen) maxWaitUnfrozenMs = Math.max(maxWaitUnfrozenMs, wait)
      }
      return {
        served() {
          end()
          served++
        },
        failed(code) {
          end()
          countError(code)
        },
      }
    },
    countError,
    takeDelta() {
      const delta: WorkerStats = { calls, served, errorsByCode, maxWaitMs, maxWaitUnfrozenMs }
      calls = 0
      served = 0
      errorsByCode = {}
      maxWaitMs = 0
      maxWaitUnfrozenMs = 0
      return delta
    },
  }
}
