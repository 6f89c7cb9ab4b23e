import { createHash } from 'node:crypto'

/**
 * Where inside a refresh a worker's hooks stop and ask the supervisor what to do:
 * - `after_reread`: the lock holder has re-read the record (rule 3) and is about to build its request:
 *   every check the SDK makes before sending still lies ahead.
 * - `before_send`: inside the `fetch` option, before the real fetch (the SDK's HTTP deadline runs).
 * - `after_answer`: the whole answer arrived, before the SDK sees it.
 * - `before_save`: the refreshed pair is about to be saved.
 */
export type HookPoint = 'after_reread' | 'before_send' | 'after_answer' | 'before_save'

/** SDK settings every worker uses (short lifetimes, so refreshes are frequent). */
export interface SoakSdkSettings {
  readonly lockLeaseMs: number
  readonly httpTimeoutMs: number
  readonly refreshWindowMs: number
  readonly refreshJitterMs: number
  /** The RedisTokenStore's deadline per Redis call. */
  readonly commandTimeoutMs: number
}

export interface SoakWorkerConfig {
  /** Slot and incarnation, e.g. `w2#3`; sent to the server in the `x-soak-worker` header. */
  readonly workerId: string
  readonly redisUrl: string
  readonly prefix: string
  readonly encryptionKey: string
  readonly endpoints: {
    readonly authorize: string
    readonly token: string
    readonly refresh: string
    readonly api: string
  }
  readonly instanceKeys: readonly string[]
  readonly sdk: SoakSdkSettings
  /** Pause between two calls of one caller loop, drawn uniformly (load shaping, not synchronisation). */
  readonly callerPauseMs: { readonly min: number; readonly max: number }
  /** Share of calls that are `rw.refresh` (forced) instead of `rw.getAccessToken`. */
  readonly forcedRefreshShare: number
  readonly seed: number
}

/** Counters a worker sends every second (deltas since its last report). */
export interface WorkerStats {
  readonly calls: number
  readonly served: number
  readonly errorsByCode: Record<string, number>
  /** Longest call of the period, in ms. */
  readonly maxWaitMs: number
  /** Longest call of the period during which this process was not frozen (SIGSTOP). */
  readonly maxWaitUnfrozenMs: number
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly workerId: string }
  | {
      readonly type: 'hook'
      readonly workerId: string
      readonly hookId: number
      readonly point: HookPoint
      readonly instanceKey: string
      /** Fingerprint of the refresh token about to be or presented, or (before_save) being saved. */
      readonly tokenHash: string
      /** Status of the record this process last read for the instance (a resend after `refresh_outcome_unknown` is explicit). */
      readonly recordStatus: string
    }
  | {
      readonly type: 'saved'
      readonly workerId: string
      readonly instanceKey: string
      readonly tokenHash: string
      readonly saved: boolean
      readonly errorCode: string | null
    }
  | { readonly type: 'stats'; readonly workerId: string; readonly stats: WorkerStats }
  | { readonly type: 'finished'; readonly workerId: string; readonly stats: WorkerStats }

export type SupervisorMessage = { readonly type: 'decision'; readonly hookId: number } | { readonly type: 'finish' }

/** Header naming the worker that sent a token request, so the server can attribute presentations. */
export const WORKER_HEADER = 'x-soak-worker'

/** A token's fingerprint: the soak correlates tokens by it and never prints or sends a token itself. */
export function fingerprintToken(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16)
}
