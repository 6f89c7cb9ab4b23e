import type { Presentation } from './token-request-record'

/**
 * Why a grant was revoked by reuse detection. `avoidable_*` are the SDK's own replays (cause a);
 * `lost_*` are responses no client could have used (cause b). See the soak README for the rule.
 */
export type RevocationCause =
  | 'avoidable_replay_after_persist'
  | 'avoidable_replay_while_holder_alive'
  | 'avoidable_unexplained'
  | 'lost_in_network'
  | 'lost_with_dead_holder'

export interface Revocation {
  readonly grantId: string | null
  readonly instanceKey: string | null
  readonly at: number
  readonly cause: RevocationCause
  /** The worker that replayed the spent token, and the one that had spent it first. */
  readonly replayedBy: string
  readonly firstPresentedBy: string | null
  /**
   * The stored status the replaying process had last read when it sent the spent token:
   * `refresh_outcome_unknown` is an explicit retry after a lost answer, `active` a silent resend.
   */
  readonly replaySentWithStatus: string | null
}

export function isAvoidable(cause: RevocationCause): boolean {
  return cause.startsWith('avoidable_')
}

/**
 * Everything the attribution needs: the server's log of refresh requests, when refreshed pairs were
 * persisted (reported by the worker's store hook, or found in Redis after its death) and when worker
 * incarnations died.
 */
export class RevocationLedger {
  readonly #rotations = new Map<string, Presentation>()
  readonly #persistedAt = new Map<string, number>()
  readonly #diedAt = new Map<string, number>()
  readonly #sentWithStatus = new Map<string, string>()
  readonly #replays: Presentation[] = []
  readonly #presentations: Presentation[] = []
  /** Every fact in arrival order, for `--trace`. Fingerprints only, never tokens. */
  readonly trace: Record<string, unknown>[] = []

  recordPresentation(presentation: Presentation): void {
    this.#presentations.push(presentation)
    this.trace.push({ event: 'presentation', ...presentation })
    const { presentedHash } = presentation
    if (presentedHash === null) return
    // Presenting a token proves its pair reached the store or a live process.
    this.recordPersisted(presentedHash, presentation.decidedAt)
    if (presentation.outcome === 'rotated') this.#rotations.set(presentedHash, presentation)
    if (presentation.outcome === 'reuse_revoked') this.#replays.push(presentation)
  }

  recordPersisted(tokenHash: string, at: number, by = 'presentation'): void {
    if (by !== 'presentation') this.trace.push({ event: 'persisted', tokenHash, at, by })
    if (!this.#persistedAt.has(tokenHash)) this.#persistedAt.set(tokenHash, at)
  }

  /** A worker is about to send `tokenHash`, having last read the record with `recordStatus`. */
  recordSend(workerId: string, tokenHash: string, recordStatus: string): void {
    this.#sentWithStatus.set(`${workerId} ${tokenHash}`, recordStatus)
  }

  recordDeath(workerId: string, at: number): void {
    this.trace.push({ event: 'death', workerId, at })
    if (!this.#diedAt.has(workerId)) this.#diedAt.set(workerId, at)
  }

  get presentations(): readonly Presentation[] {
    return this.#presentations
  }

  /** Rotations since `since` whose new pair went to `workerId` and was not known to be persisted yet. */
  findUnpersistedRotations(workerId: string, since: number): Presentation[] {
    return [...this.#rotations.values()].filter(
      (rotation) =>
        rotation.workerId === workerId &&
        rotation.decidedAt >= since &&
        rotation.issuedHash !== null &&
        rotation.delivered &&
        !this.#persistedAt.has(rotation.issuedHash),
    )
  }

  /** Attributed when asked, so facts learned after a replay (a death, a late save report) still count. */
  get revocations(): readonly Revocation[] {
    return this.#replays.map((replay) => this.#attribute(replay))
  }

  /**
   * The rule, conservative (anything not proven lost is avoidable): find the presentation P1 that
   * spent the replayed token. Cause (b) only when P1's answer never reached an open socket, or when
   * the process that received it died before the replay without the new pair having been
   * persisted. Otherwise the new pair existed in the store or in a live process: cause (a).
   */
  #attribute(replay: Presentation): Revocation {
    const first = replay.presentedHash === null ? undefined : this.#rotations.get(replay.presentedHash)
    const revocation = {
      grantId: replay.grantId,
      instanceKey: replay.instanceKey,
      at: replay.decidedAt,
      replayedBy: replay.workerId,
      firstPresentedBy: first?.workerId ?? null,
      replaySentWithStatus: this.#sentWithStatus.get(`${replay.workerId} ${replay.presentedHash}`) ?? null,
    }
    if (first === undefined || first.issuedHash === null) return { ...revocation, cause: 'avoidable_unexplained' }
    const persistedAt = this.#persistedAt.get(first.issuedHash)
    if (persistedAt !== undefined && persistedAt <= replay.decidedAt) {
      return { ...revocation, cause: 'avoidable_replay_after_persist' }
    }
    if (!first.delivered) return { ...revocation, cause: 'lost_in_network' }
    const diedAt = this.#diedAt.get(first.workerId)
    if (diedAt !== undefined && diedAt <= replay.decidedAt) return { ...revocation, cause: 'lost_with_dead_holder' }
    return { ...revocation, cause: 'avoidable_replay_while_holder_alive' }
  }
}
