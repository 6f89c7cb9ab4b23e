export interface StormWorkerConfig {
  readonly redisUrl: string
  readonly prefix: string
  readonly encryptionKey: string
  readonly instanceKey: string
  readonly endpoints: {
    readonly authorize: string
    readonly token: string
    readonly refresh: string
    readonly api: string
  }
}

export type StormWorkerMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'result'
      /** Epoch ms at which this process received the refresh response; `null` if it did not refresh. */
      readonly refreshAnsweredAt: number | null
      readonly lastServedAt: number
      readonly failures: number
    }
