import type {
  ConnectionRecord,
  LockLease,
  PendingAuthorization,
  RefreshLock,
  SaveOutcome,
  TokenStore,
} from '@rw/oauth-core'
import { UsageError } from '@rw/oauth-core'

// A deliberately small Map-based TokenStore and RefreshLock. It exists only to prove that the
// contract suite is passable and that its assertions are coherent; it is not a product.

interface LockEntry {
  readonly owner: string
  expiresAt: number
}

export class ReferenceRefreshLock implements RefreshLock {
  readonly #locks = new Map<string, LockEntry>()
  readonly #waiters = new Map<string, Set<() => void>>()

  isHeldBy(instanceKey: string, owner: string): boolean {
    const entry = this.#locks.get(instanceKey)
    return entry !== undefined && entry.owner === owner && entry.expiresAt > Date.now()
  }

  async tryAcquire(instanceKey: string, leaseMs: number): Promise<LockLease | null> {
    const entry = this.#locks.get(instanceKey)
    if (entry !== undefined && entry.expiresAt > Date.now()) return null
    const owner = crypto.randomUUID()
    this.#locks.set(instanceKey, { owner, expiresAt: Date.now() + leaseMs })
    return {
      instanceKey,
      owner,
      extend: async (extendMs) => {
        if (!this.isHeldBy(instanceKey, owner)) return false
        this.#locks.get(instanceKey)!.expiresAt = Date.now() + extendMs
        return true
      },
      release: async () => {
        if (!this.isHeldBy(instanceKey, owner)) return
        this.#locks.delete(instanceKey)
        this.notify(instanceKey)
      },
    }
  }

  waitForChange(instanceKey: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(instanceKey) ?? new Set()
      this.#waiters.set(instanceKey, waiters)
      const done = () => {
        clearTimeout(timer)
        waiters.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      waiters.add(done)
      signal?.addEventListener('abort', done, { once: true })
    })
  }

  notify(instanceKey: string): void {
    for (const wake of [...(this.#waiters.get(instanceKey) ?? [])]) wake()
  }
}

export class ReferenceTokenStore implements TokenStore {
  readonly #records = new Map<string, ConnectionRecord>()
  readonly #pending = new Map<string, PendingAuthorization>()

  constructor(private readonly lock?: ReferenceRefreshLock) {}

  async getConnection(instanceKey: string): Promise<ConnectionRecord | null> {
    return structuredClone(this.#records.get(instanceKey) ?? null)
  }

  async saveConnection(
    record: ConnectionRecord,
    options: { readonly expectedVersion: number | null; readonly lease?: LockLease },
  ): Promise<SaveOutcome> {
    if (record.version !== (options.expectedVersion ?? 0) + 1) {
      throw new UsageError('record.version must be expectedVersion + 1 (1 for a new record).')
    }
    if (options.lease !== undefined && !this.lock?.isHeldBy(record.instanceKey, options.lease.owner)) {
      return { saved: false, reason: 'lock_lost' }
    }
    const current = this.#records.get(record.instanceKey)?.version ?? null
    if (current !== options.expectedVersion) return { saved: false, reason: 'version_conflict' }
    this.#records.set(record.instanceKey, structuredClone(record))
    this.lock?.notify(record.instanceKey)
    return { saved: true }
  }

  async deleteConnection(instanceKey: string, options: { readonly expectedVersion?: number } = {}): Promise<boolean> {
    const current = this.#records.get(instanceKey)
    if (current === undefined) return false
    if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) return false
    return this.#records.delete(instanceKey)
  }

  async savePendingAuthorization(pending: PendingAuthorization): Promise<void> {
    this.#pending.set(pending.stateId, structuredClone(pending))
  }

  async consumePendingAuthorization(stateId: string): Promise<PendingAuthorization | null> {
    const pending = this.#pending.get(stateId)
    this.#pending.delete(stateId)
    return pending === undefined || pending.expiresAt <= Date.now() ? null : pending
  }
}
