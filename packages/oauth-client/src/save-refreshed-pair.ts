import {
  type ConnectionRecord,
  decideRefreshSuccess,
  isServable,
  NotConnectedError,
  rebaseRefreshedTokens,
  StoreError,
  stepConnection,
  type TokenSet,
} from '@rw/oauth-core'
import { type LeaseSlot, releaseLease, runConnectionStep } from './connection-interpreter'
import type { RefreshDependencies, RefreshResult } from './refresh-connection'
import { clockView } from './refresh-settlement'
import { retryUnsavedPair } from './unsaved-pairs'

/** Saving over our own marker races other writers' marks at most this often before giving up. */
const REBASE_ATTEMPTS = 5

/** A pair the token endpoint issued, for the record carrying our marker `attemptId`. */
export interface RefreshedPair {
  readonly marked: ConnectionRecord
  readonly attemptId: string
  readonly tokens: TokenSet
}

/**
 * Rule 4: the pair is persisted before anyone is handed the access token, except when the store is
 * unreachable: then the pair is kept and its save retried (`unsaved-pairs`), never dropped (rule 8).
 */
export async function saveRefreshedPair(
  deps: RefreshDependencies,
  slot: LeaseSlot,
  pair: RefreshedPair,
): Promise<RefreshResult> {
  const { marked, tokens } = pair
  try {
    return await persistRefreshedPair(deps, slot, pair)
  } catch (error) {
    if (!(error instanceof StoreError && error.code === 'store_unavailable')) throw error
    const handOver: LeaseSlot = { current: slot.current }
    slot.current = null
    const pending = retryUnsavedPair(deps, {
      // The record the table's refresh_succeeded step would persist, served in-process until it is saved.
      record: stepConnection('refreshing', marked, { type: decideRefreshSuccess(marked), tokens })
        .record as ConnectionRecord,
      save: () => persistRefreshedPair(deps, handOver, pair),
      release: () => releaseLease(handOver),
      giveUp: async () => {
        await runConnectionStep(deps, handOver, 'refreshing', marked, { type: 'refresh_lost' })
      },
    })
    return { outcome: 'refreshed', record: pending }
  }
}

/** Saves over our own marker (rebasing when another holder marked the outcome unknown meanwhile). */
export async function persistRefreshedPair(
  deps: RefreshDependencies,
  slot: LeaseSlot,
  { marked, attemptId, tokens }: RefreshedPair,
): Promise<RefreshResult> {
  let base = marked
  for (let attempt = 0; ; attempt++) {
    const saved = await runConnectionStep(deps, slot, 'refreshing', base, { type: decideRefreshSuccess(base), tokens })
    if (saved.kind === 'completed') return { outcome: 'refreshed', record: saved.record as ConnectionRecord }
    const latest = await deps.store.getConnection(marked.instanceKey)
    const rebased = rebaseRefreshedTokens(latest, attemptId, tokens) !== null
    if (rebased && latest !== null && latest.version !== base.version && attempt < REBASE_ATTEMPTS) {
      base = latest
      continue
    }
    if (latest === null) {
      await runConnectionStep(deps, slot, 'refreshing', base, { type: 'disconnected' })
      throw new NotConnectedError(marked.instanceKey)
    }
    if (latest.status === 'active' && isServable(latest, clockView(deps))) {
      await runConnectionStep(deps, slot, 'refreshing', base, { type: 'refresh_adopted', record: latest })
      return { outcome: 'adopted', record: latest }
    }
    throw new StoreError(
      'store_unavailable',
      'The refreshed tokens could not be saved: the stored connection changed while the refresh was in flight.',
      { instanceKey: marked.instanceKey },
    )
  }
}
