import type { ConnectionRecord, RefreshLock, TokenStore } from '@rw/oauth-core'
import { fingerprintToken, type HookPoint, WORKER_HEADER } from './soak-protocol'

/** Sends "at point X for instance K" to the supervisor and resolves once it decided to let us go on. */
export type AskSupervisor = (
  point: HookPoint,
  instanceKey: string,
  tokenHash: string,
  recordStatus: string,
) => Promise<void>

export interface SaveReport {
  readonly instanceKey: string
  readonly tokenHash: string
  readonly saved: boolean
  readonly errorCode: string | null
}

export interface WorkerHookOptions {
  readonly workerId: string
  readonly refreshUrl: string
  readonly ask: AskSupervisor
  readonly reportSave: (report: SaveReport) => void
}

/**
 * The SDK's refresh, seen from outside: a Proxy around the store (the lock holder's re-read, before
 * a refreshed pair is saved) and the `fetch` option (before the request is sent, after the whole
 * answer arrived). The SDK's own code is untouched; faults land at these points because the hook
 * waits for the supervisor.
 */
export interface WorkerHooks {
  readonly fetch: typeof globalThis.fetch
  wrapStore<S extends TokenStore>(store: S): S
}

export function createWorkerHooks({
  workerId,
  refreshUrl,
  ask: askSupervisor,
  reportSave,
}: WorkerHookOptions): WorkerHooks {
  /** Token fingerprint → instance, learned from every record the SDK reads or saves. */
  const instanceByToken = new Map<string, string>()
  /** Refresh tokens this process received from the server: saving one of them is saving a refreshed pair. */
  const received = new Set<string>()
  /** Status of the last record read per instance: tells an explicit retry from a silent resend. */
  const statusByInstance = new Map<string, string>()
  const ask = (point: HookPoint, instanceKey: string, tokenHash: string) =>
    askSupervisor(point, instanceKey, tokenHash, statusByInstance.get(instanceKey) ?? 'unknown')

  function learn(record: ConnectionRecord | null): void {
    if (record !== null) statusByInstance.set(record.instanceKey, record.status)
    if (record?.refreshToken) instanceByToken.set(fingerprintToken(record.refreshToken), record.instanceKey)
  }

  async function fetchWithHooks(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = input instanceof Request ? input.url : String(input)
    if (url !== refreshUrl) return fetch(input, init)
    const presented = new URLSearchParams(typeof init?.body === 'string' ? init.body : '').get('refresh_token')
    const tokenHash = presented === null ? 'none' : fingerprintToken(presented)
    const instanceKey = instanceByToken.get(tokenHash) ?? 'unknown'
    const headers = new Headers(init?.headers)
    headers.set(WORKER_HEADER, workerId)
    await ask('before_send', instanceKey, tokenHash)
    const response = await fetch(input, { ...init, headers })
    // Read to the end here: "answered" means this process holds the whole response.
    const body = await response.arrayBuffer()
    rememberReceivedToken(body, instanceKey)
    await ask('after_answer', instanceKey, tokenHash)
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
  }

  function rememberReceivedToken(body: ArrayBuffer, instanceKey: string): void {
    try {
      const parsed = JSON.parse(new TextDecoder().decode(body)) as { refresh_token?: unknown }
      if (typeof parsed.refresh_token !== 'string') return
      const tokenHash = fingerprintToken(parsed.refresh_token)
      received.add(tokenHash)
      instanceByToken.set(tokenHash, instanceKey)
    } catch {
      // Not JSON (an HTML 5xx page): nothing was issued.
    }
  }

  function wrapStore<S extends TokenStore>(store: S): S {
    const lock = store as unknown as Partial<RefreshLock>
    /** Instances whose lock this process just took: the SDK's next read of them is the holder's re-read. */
    const rereadPending = new Set<string>()
    const tryAcquire: RefreshLock['tryAcquire'] = async (instanceKey, leaseMs) => {
      const lease = await (lock.tryAcquire as RefreshLock['tryAcquire']).call(store, instanceKey, leaseMs)
      if (lease === null) return lease
      rereadPending.add(instanceKey)
      // The holder re-reads in the same microtask run that resolves this; anything later is another read.
      setImmediate(() => rereadPending.delete(instanceKey))
      return lease
    }
    const getConnection = async (instanceKey: string) => {
      const isReread = rereadPending.delete(instanceKey)
      const record = await store.getConnection(instanceKey)
      learn(record)
      if (isReread && record?.refreshToken)
        await ask('after_reread', instanceKey, fingerprintToken(record.refreshToken))
      return record
    }
    const saveConnection: TokenStore['saveConnection'] = async (record, options) => {
      const tokenHash = record.refreshToken === null ? 'none' : fingerprintToken(record.refreshToken)
      if (!received.has(tokenHash)) return store.saveConnection(record, options)
      await ask('before_save', record.instanceKey, tokenHash)
      try {
        const outcome = await store.saveConnection(record, options)
        reportSave({ instanceKey: record.instanceKey, tokenHash, saved: outcome.saved, errorCode: null })
        if (outcome.saved) learn(record)
        return outcome
      } catch (error) {
        reportSave({ instanceKey: record.instanceKey, tokenHash, saved: false, errorCode: readErrorCode(error) })
        throw error
      }
    }
    // Bound to the real store: its private fields only work with `this` being the store itself.
    return new Proxy(store, {
      get(target, property) {
        if (property === 'getConnection') return getConnection
        if (property === 'tryAcquire' && typeof lock.tryAcquire === 'function') return tryAcquire
        if (property === 'saveConnection') return saveConnection
        const value = Reflect.get(target, property, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }

  return { fetch: fetchWithHooks, wrapStore }
}

/** The SDK error's stable `code`, or the error's name for anything else. */
export function readErrorCode(error: unknown): string {
  if (error instanceof Error) return (error as { code?: unknown }).code?.toString() ?? error.name
  return typeof error
}
