import { median } from './statistics'

/** One call of a path; `pick` is a uniformly random index, the same sequence for both paths. */
export type Operation = (pick: number) => Promise<unknown>

export interface ComparisonPlan {
  readonly rounds: number
  readonly phaseMs: number
  readonly warmUpMs: number
  readonly concurrency: number
  /** Picks are drawn in [0, pickRange). */
  readonly pickRange: number
}

export interface PathFigures {
  /** One entry per round. */
  readonly opsPerSecond: readonly number[]
  /** Process CPU (user + system) per call, one entry per round: steadier than ops/s on a busy machine. */
  readonly cpuMicrosPerOp: readonly number[]
  readonly medianOpsPerSecond: number
  readonly medianCpuMicrosPerOp: number
}

export interface Comparison {
  readonly baseline: PathFigures
  readonly subject: PathFigures
  /** Median subject ops/s over median baseline ops/s. */
  readonly ratio: number
}

interface Phase {
  readonly opsPerSecond: number
  readonly cpuMicrosPerOp: number
}

const PICKS = 1 << 16

/** The same pseudo-random picks for both paths (a fixed seed), so neither gets friendlier keys. */
function createPicks(range: number): Uint32Array {
  const picks = new Uint32Array(PICKS)
  let state = 0x9e3779b9
  for (let index = 0; index < PICKS; index++) {
    // xorshift32: cheap, deterministic, uniform enough for choosing keys.
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    picks[index] = (state >>> 0) % range
  }
  return picks
}

async function runPhase(
  operation: Operation,
  picks: Uint32Array,
  plan: ComparisonPlan,
  phaseMs: number,
): Promise<Phase> {
  let calls = 0
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const end = started + phaseMs
  await Promise.all(
    Array.from({ length: plan.concurrency }, async (_, caller) => {
      let cursor = (caller * 7919) % PICKS
      while (performance.now() < end) {
        await operation(picks[cursor]!)
        cursor = (cursor + 1) & (PICKS - 1)
        calls += 1
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  return { opsPerSecond: calls / seconds, cpuMicrosPerOp: (cpu.user + cpu.system) / calls }
}

/**
 * `baseline` and `subject` in alternating rounds (baseline→subject, subject→baseline, …) after a warm-up of
 * each, `concurrency` callers each awaiting its call before the next: the ratio of two medians measured in
 * the same minutes of the same machine.
 */
export async function comparePaths(baseline: Operation, subject: Operation, plan: ComparisonPlan): Promise<Comparison> {
  const picks = createPicks(plan.pickRange)
  await runPhase(baseline, picks, plan, plan.warmUpMs)
  await runPhase(subject, picks, plan, plan.warmUpMs)
  const baselinePhases: Phase[] = []
  const subjectPhases: Phase[] = []
  for (let round = 0; round < plan.rounds; round++) {
    const order = round % 2 === 0 ? ['baseline', 'subject'] : ['subject', 'baseline']
    for (const path of order) {
      if (path === 'baseline') baselinePhases.push(await runPhase(baseline, picks, plan, plan.phaseMs))
      else subjectPhases.push(await runPhase(subject, picks, plan, plan.phaseMs))
    }
  }
  const figures = (phases: Phase[]): PathFigures => {
    const opsPerSecond = phases.map((phase) => phase.opsPerSecond)
    const cpuMicrosPerOp = phases.map((phase) => phase.cpuMicrosPerOp)
    return {
      opsPerSecond,
      cpuMicrosPerOp,
      medianOpsPerSecond: median(opsPerSecond),
      medianCpuMicrosPerOp: median(cpuMicrosPerOp),
    }
  }
  const baselineFigures = figures(baselinePhases)
  const subjectFigures = figures(subjectPhases)
  return {
    baseline: baselineFigures,
    subject: subjectFigures,
    ratio: subjectFigures.medianOpsPerSecond / baselineFigures.medianOpsPerSecond,
  }
}
