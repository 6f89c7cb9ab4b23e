import type { SeededRandom } from './seeded-random'
import type { HookPoint } from './soak-protocol'
import type { NetworkFault } from './token-request-record'

/** What the supervisor does to a worker that reached a hook, or to Redis. */
export type HookAction = 'kill' | 'pause' | 'restart_redis_keep' | 'restart_redis_lose'

/** Every fault kind the soak injects; each appears `repeat` times in a run, in a seeded order. */
export const FAULT_KINDS = [
  'kill_before_send',
  'kill_after_answer',
  'kill_before_save',
  'pause_after_reread',
  'pause_before_send',
  'pause_after_answer',
  'pause_before_save',
  'redis_restart_keep_before_send',
  'redis_restart_keep_before_save',
  'redis_restart_lose_before_save',
  'kill_random_worker',
  'token_latency',
  'token_503',
  'token_lose_request',
  'token_lose_response',
] as const

export type FaultKind = (typeof FAULT_KINDS)[number]

export type FaultPlan =
  | {
      readonly kind: FaultKind
      readonly at: number
      readonly target: 'hook'
      readonly point: HookPoint
      readonly action: HookAction
    }
  | { readonly kind: FaultKind; readonly at: number; readonly target: 'random_worker' }
  | {
      readonly kind: FaultKind
      readonly at: number
      readonly target: 'network'
      readonly fault: NetworkFault | 'latency'
    }

type FaultTarget =
  | { readonly target: 'hook'; readonly point: HookPoint; readonly action: HookAction }
  | { readonly target: 'random_worker' }
  | { readonly target: 'network'; readonly fault: NetworkFault | 'latency' }

const hook = (point: HookPoint, action: HookAction): FaultTarget => ({ target: 'hook', point, action })
const network = (fault: NetworkFault | 'latency'): FaultTarget => ({ target: 'network', fault })

const TARGETS: Record<FaultKind, FaultTarget> = {
  kill_before_send: hook('before_send', 'kill'),
  kill_after_answer: hook('after_answer', 'kill'),
  kill_before_save: hook('before_save', 'kill'),
  pause_after_reread: hook('after_reread', 'pause'),
  pause_before_send: hook('before_send', 'pause'),
  pause_after_answer: hook('after_answer', 'pause'),
  pause_before_save: hook('before_save', 'pause'),
  redis_restart_keep_before_send: hook('before_send', 'restart_redis_keep'),
  redis_restart_keep_before_save: hook('before_save', 'restart_redis_keep'),
  redis_restart_lose_before_save: hook('before_save', 'restart_redis_lose'),
  kill_random_worker: { target: 'random_worker' },
  token_latency: network('latency'),
  token_503: network('http_503'),
  token_lose_request: network('lose_request'),
  token_lose_response: network('lose_response'),
}

/** Reads `--faults`: `all`, `none`, or a comma-separated list of kinds. */
export function parseFaultKinds(text: string): FaultKind[] {
  if (text === 'all') return [...FAULT_KINDS]
  if (text === 'none') return []
  const kinds = text.split(',').map((kind) => kind.trim())
  const unknown = kinds.filter((kind) => !(FAULT_KINDS as readonly string[]).includes(kind))
  if (unknown.length > 0) {
    throw new TypeError(`--faults: unknown kind(s) ${unknown.join(', ')}; known: ${FAULT_KINDS.join(', ')}.`)
  }
  return kinds as FaultKind[]
}

/**
 * The run's schedule: every kind `repeat` times, shuffled by the seed, spread evenly over
 * `[startMs, endMs)` with seeded jitter. A hook fault is armed at its time and lands on the next
 * worker that reaches its point; the rest act at once.
 */
export function planFaults(
  random: SeededRandom,
  options: { kinds?: readonly FaultKind[]; repeat: number; startMs: number; endMs: number },
): FaultPlan[] {
  const chosen = options.kinds ?? FAULT_KINDS
  const kinds = random.shuffle(chosen.flatMap((kind) => Array.from({ length: options.repeat }, () => kind)))
  const slot = (options.endMs - options.startMs) / kinds.length
  return kinds.map((kind, index) => ({
    kind,
    at: Math.round(options.startMs + slot * (index + random.between(0.1, 0.9))),
    ...TARGETS[kind],
  }))
}
