import {
  type ChangeFeed,
  type ConnectionRecord,
  type ConnectionRegistry,
  createPendingCapError,
  type LockLease,
  parseConnectionRecord,
  parsePendingAuthorization,
  type RefreshLock,
  readPendingAuthorizationCap,
  type SaveOutcome,
  type StoreChange,
  serializeConnectionRecord,
  serializePendingAuthorization,
  summarizeConnection,
  type TokenStore,
  UsageError,
} from '@rw/oauth-core'
import { createChangeNotifier } from './change-notifier'
import { createMemoryConnectionRegistry } from './memory-connection-registry'

/** Options of {@link createMemoryTokenStore}. */
export interface MemoryTokenStoreOptions {
  /** Clock port (epoch ms) for pending-authorization and lease expiry. Default `Date.now`. */
  readonly now?: () => number
  /** Cap on outstanding pending authorizations; a login beyond it fails with `store_unavailable`. Default 10 000. */
  readonly maxPendingAuthorizations?: number
}

/** A `TokenStore` that is also its own `RefreshLock`, a `ConnectionRegistry` and a `ChangeFeed`: the single-process default. */
export interface MemoryTokenStore extends TokenStore, RefreshLock, Required<ConnectionRegistry>, ChangeFeed {}

interface HeldLock {
  readonly owner: string
  expiresAt: number
}

/**
 * Creates the in-memory store used when `createRadioWorkflow` gets no `store`. Correct under
 * concurrency inside one process: versioned compare-and-set writes, lease-checked saves,
 * single-use pending authorizations and woken (not polled) waiters. Records are copied in and handed out frozen,
 * so callers cannot mutate stored state. Not shared across processes: use `@rw/oauth-redis` for that.
 *
 * @example
 * const store = createMemoryTokenStore()
 * const rw = createRadioWorkflow({ ...config, store })
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12 (single-use state)
 */
export function createMemoryTokenStore({
  now = Date.now,
  maxPendingAuthorizations,
}: MemoryTokenStoreOptions = {}): MemoryTokenStore {
  const pendingCap = readPendingAuthorizationCap(maxPendingAuthorizations)
  // Copied once on save (serialize + parse, which also validates it like a shared store would) into a
  // frozen record, then handed out as is: callers cannot mutate it, and a read costs one Map lookup.
  const connections = new Map<string, ConnectionRecord>()
  const pendings = new Map<string, { readonly expiresAt: number; readonly text: string }>()
  const locks = new Map<string, HeldLock>()
  const notifier = createChangeNotifier()
  const registry = createMemoryConnectionRegistry()
  const changeListeners = new Set<(change: StoreChange) => void>()

  function announceChange(instanceKey: string): void {
    notifier.notify(instanceKey)
    for (const listener of changeListeners) listener({ type: 'changed', instanceKey })
  }

  function holdsLock(lease: LockLease): boolean {
    const held = locks.get(lease.instanceKey)
    return held !== undefined && held.owner === lease.owner && held.expiresAt > now()
  }

  function createLease(instanceKey: string, owner: string): LockLease {
    return {
      instanceKey,
      owner,
      async extend(leaseMs: number): Promise<boolean> {
        const held = locks.get(instanceKey)
        if (held === undefined || held.owner !== owner || held.expiresAt <= now()) return false
        held.expiresAt = now() + leaseMs
        return true
      },
      async release(): Promise<void> {
        if (locks.get(instanceKey)?.owner !== owner) return
        locks.delete(instanceKey)
        notifier.notify(instanceKey)
      },
      toJSON: () => ({ instanceKey, owner: '[redacted]' }),
      [Symbol.for('nodejs.util.inspect.custom')]: () => `LockLease { instanceKey: ${JSON.stringify(instanceKey)} }`,
    } as LockLease
  }

  return {
    getConnection(instanceKey) {
      return Promise.resolve(connections.get(instanceKey) ?? null)
    },

    async saveConnection(record, { expectedVersion, lease }): Promise<SaveOutcome> {
      if (record.version !== (expectedVersion ?? 0) + 1) {
        throw new UsageError(
          `saveConnection: record.version must be expectedVersion + 1 (got ${record.version} for expected ${expectedVersion}).`,
        )
      }
      if (lease !== undefined && (lease.instanceKey !== record.instanceKey || !holdsLock(lease))) {
        return { saved: false, reason: 'lock_lost' }
      }
      const current = connections.get(record.instanceKey)
      if ((current?.version ?? null) !== expectedVersion) return { saved: false, reason: 'version_conflict' }
      connections.set(record.instanceKey, parseConnectionRecord(serializeConnectionRecord(record)))
      registry.put(summarizeConnection(record))
      announceChange(record.instanceKey)
      return { saved: true }
    },

    async deleteConnection(instanceKey, options = {}) {
      const current = connections.get(instanceKey)
      if (current === undefined) return false
      if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) return false
      connections.delete(instanceKey)
      registry.remove(instanceKey)
      announceChange(instanceKey)
      return true
    },

    async savePendingAuthorization(pending) {
      sweepExpiredPendings(pendings, now())
      if (pendings.size >= pendingCap) throw createPendingCapError(pendingCap)
      pendings.set(pending.stateId, { expiresAt: pending.expiresAt, text: serializePendingAuthorization(pending) })
    },

    async consumePendingAuthorization(stateId) {
      const pending = pendings.get(stateId)
      if (pending === undefined) return null
      pendings.delete(stateId)
      return pending.expiresAt > now() ? parsePendingAuthorization(pending.text) : null
    },

    async tryAcquire(instanceKey, leaseMs) {
      const held = locks.get(instanceKey)
      if (held !== undefined && held.expiresAt > now()) return null
      const owner = crypto.randomUUID()
      locks.set(instanceKey, { owner, expiresAt: now() + leaseMs })
      return createLease(instanceKey, owner)
    },

    waitForChange(instanceKey, timeoutMs, signal) {
      return notifier.waitFor(instanceKey, timeoutMs, signal)
    },

    listConnections: (query) => registry.listConnections(query),
    countConnections: () => registry.countConnections(),
    findSoonestExpiry: () => registry.findSoonestExpiry(),
    subscribeToChanges(listener) {
      // In-process: the feed is live from the start and can never be lost.
      const subscribed = (change: StoreChange) => listener(change)
      changeListeners.add(subscribed)
      listener({ type: 'live' })
      return () => changeListeners.delete(subscribed)
    },
  }
}

// Pendings are kept in insertion order, which is expiry order under one lifetime: sweeping from the front and
// stopping at the first live one is amortised O(1) per save. An entry with a shorter lifetime saved behind a
// longer one waits for it (at most one lifetime); consume still refuses it once expired.
function sweepExpiredPendings(pendings: Map<string, { readonly expiresAt: number }>, now: number): void {
  for (const [stateId, stored] of pendings) {
    if (stored.expiresAt > now) return
    pendings.delete(stateId)
  }
}
