import type { SaveOutcome } from '@rw/oauth-core'

/** Passed to a worker in `RW_WORKER_CONFIG`. */
export interface WorkerConfig {
  readonly mode: 'storm' | 'hang-on-refresh' | 'hold-lock'
  readonly redisPort: number
  readonly prefix: string
  readonly encryptionKey: string
  readonly endpoints: {
    readonly authorize: string
    readonly token: string
    readonly refresh: string
    readonly api: string
  }
  readonly lockLeaseMs: number
  readonly httpTimeoutMs: number
  /** When set, the worker also runs `rw.startBackgroundRefresh({ intervalMs })` until it exits. */
  readonly backgroundRefreshIntervalMs?: number
}

export type ParentMessage =
  | {
      readonly type: 'go'
      readonly round: number
      readonly instances: readonly string[]
      readonly callersPerInstance: number
    }
  | { readonly type: 'hold'; readonly instanceKey: string; readonly leaseMs: number }
  | { readonly type: 'write'; readonly instanceKey: string }
  | { readonly type: 'exit' }

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'calling' }
  | {
      readonly type: 'result'
      readonly round: number
      readonly tokens: Record<string, string[]>
      readonly errors: string[]
      /** Epoch milliseconds (sub-ms precision) at which each caller got its token. */
      readonly servedAt: number[]
      readonly warnings: string[]
    }
  | { readonly type: 'holding'; readonly acquired: boolean; readonly version: number | null }
  | { readonly type: 'written'; readonly withLease: SaveOutcome; readonly withoutLease: SaveOutcome }
  | { readonly type: 'failed'; readonly error: string }
