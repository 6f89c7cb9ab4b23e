import type { BackgroundRefreshOptions } from '@rw/oauth-client'

/** What a fleet benchmark process is told at start (in `RW_BENCH_FLEET_CONFIG`). */
export interface FleetWorkerConfig {
  readonly redisUrl: string
  readonly prefix: string
  readonly encryptionKey: string
  readonly endpoints: { readonly authorize: string; readonly token: string; readonly refresh: string }
  /** Instance keys are `${keyPrefix}${index}` for index in [0, instances). */
  readonly keyPrefix: string
  readonly instances: number
  /** `createRadioWorkflow` options that make the policy on or off. */
  readonly client: {
    readonly refreshConcurrency?: number
    readonly refreshBackoff?: { readonly baseMs?: number; readonly maxMs?: number }
    readonly circuitBreaker?: { readonly failureThreshold?: number }
  }
}

/** Commands from the benchmark to one process; each gets exactly one reply, in order. */
export type FleetCommand =
  /** Every `intervalMs`, one `getAccessToken` on a random instance (open loop, latency recorded). Replies `ok`. */
  | { readonly type: 'start-foreground'; readonly intervalMs: number }
  | { readonly type: 'stop-foreground' }
  /** `callers` concurrent loops of `getAccessToken` on random instances, each awaiting its call. Replies `ok`. */
  | { readonly type: 'start-hammer'; readonly callers: number }
  | { readonly type: 'stop-hammer' }
  | { readonly type: 'start-background'; readonly options: BackgroundRefreshOptions }
  | { readonly type: 'stop-background' }
  /** Replies `stats`: this process's attempts at a slot of the fleet-wide cap since it started. */
  | { readonly type: 'read-stats' }
  | { readonly type: 'exit' }

/** `getAccessToken` calls a loop made, and how they ended. */
export interface CallTally {
  readonly calls: number
  readonly served: number
  /** Failures by error `code` (or name). */
  readonly failures: Readonly<Record<string, number>>
}

export type FleetReply =
  | { readonly type: 'ready' }
  | { readonly type: 'ok' }
  | { readonly type: 'foreground'; readonly latenciesMs: readonly number[]; readonly tally: CallTally }
  | { readonly type: 'hammer'; readonly tally: CallTally }
  | {
      readonly type: 'stats'
      readonly slotAttempts: number
      readonly slotsGranted: number
      /** `disconnected`, `reauthorization_required`, `refresh_outcome_unknown` events this process emitted. */
      readonly unexpectedEvents: Readonly<Record<string, number>>
    }
