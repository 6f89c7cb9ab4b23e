import { describe, expect, it } from 'vitest'
import { isAvoidable, RevocationLedger } from './revocation-attribution'
import type { Presentation } from './token-request-record'

let nextId = 0
function present(fields: Partial<Presentation> & Pick<Presentation, 'workerId' | 'presentedHash' | 'decidedAt'>) {
  return {
    id: nextId++,
    instanceKey: 'station-0',
    grantId: 'grant-1',
    fault: 'none',
    latencyMs: 0,
    outcome: 'rotated',
    issuedHash: null,
    delivered: true,
    ...fields,
  } satisfies Presentation
}

/** T1 spent by `first` at 1000 ms (its answer carries T2), then replayed by `w-b` at 5000 ms. */
function replayAfterRotation(ledger: RevocationLedger, first: Partial<Presentation> = {}) {
  ledger.recordPresentation(
    present({ workerId: 'w-a', presentedHash: 'T1', decidedAt: 1000, issuedHash: 'T2', ...first }),
  )
  ledger.recordPresentation(
    present({ workerId: 'w-b', presentedHash: 'T1', decidedAt: 5000, outcome: 'reuse_revoked' }),
  )
  return ledger.revocations
}

describe('RevocationLedger attribution', () => {
  it('counts a replay while the first holder lives (paused, or it dropped the pair) as avoidable', () => {
    const [revocation] = replayAfterRotation(new RevocationLedger())
    expect(revocation?.cause).toBe('avoidable_replay_while_holder_alive')
    expect(revocation).toMatchObject({ replayedBy: 'w-b', firstPresentedBy: 'w-a', grantId: 'grant-1' })
  })

  it('counts a replay after the new pair was persisted as avoidable, even if its holder died since', () => {
    const ledger = new RevocationLedger()
    ledger.recordPersisted('T2', 1200, 'saved by w-a')
    ledger.recordDeath('w-a', 2000)
    expect(replayAfterRotation(ledger)[0]?.cause).toBe('avoidable_replay_after_persist')
  })

  it('counts the new token having been presented by anyone as proof the pair was known', () => {
    const ledger = new RevocationLedger()
    ledger.recordDeath('w-a', 1100)
    ledger.recordPresentation(present({ workerId: 'w-c', presentedHash: 'T2', decidedAt: 3000, issuedHash: 'T3' }))
    expect(replayAfterRotation(ledger)[0]?.cause).toBe('avoidable_replay_after_persist')
  })

  it('counts an answer that never reached an open socket as lost', () => {
    const [revocation] = replayAfterRotation(new RevocationLedger(), { delivered: false })
    expect(revocation?.cause).toBe('lost_in_network')
    expect(isAvoidable(revocation!.cause)).toBe(false)
  })

  it('counts a holder that died before the replay without persisting the pair as lost', () => {
    const ledger = new RevocationLedger()
    ledger.recordDeath('w-a', 1500)
    expect(replayAfterRotation(ledger)[0]?.cause).toBe('lost_with_dead_holder')
  })

  it('counts a holder that died only after the replay as avoidable (it held the pair when the replay went out)', () => {
    const ledger = new RevocationLedger()
    ledger.recordDeath('w-a', 6000)
    expect(replayAfterRotation(ledger)[0]?.cause).toBe('avoidable_replay_while_holder_alive')
  })

  it('counts a revocation whose first presentation it never saw as avoidable', () => {
    const ledger = new RevocationLedger()
    ledger.recordPresentation(
      present({ workerId: 'w-b', presentedHash: 'T9', decidedAt: 10, outcome: 'reuse_revoked' }),
    )
    expect(ledger.revocations[0]?.cause).toBe('avoidable_unexplained')
  })

  it('tells whether the replay was sent as an explicit retry or silently', () => {
    const ledger = new RevocationLedger()
    ledger.recordSend('w-b', 'T1', 'refresh_outcome_unknown')
    expect(replayAfterRotation(ledger, { delivered: false })[0]?.replaySentWithStatus).toBe('refresh_outcome_unknown')
  })

  it('lists the delivered rotations of a worker whose pair was not known to be persisted', () => {
    const ledger = new RevocationLedger()
    ledger.recordPresentation(present({ workerId: 'w-a', presentedHash: 'T1', decidedAt: 1, issuedHash: 'T2' }))
    ledger.recordPresentation(present({ workerId: 'w-a', presentedHash: 'U1', decidedAt: 2, issuedHash: 'U2' }))
    ledger.recordPresentation(
      present({ workerId: 'w-a', presentedHash: 'V1', decidedAt: 3, issuedHash: 'V2', delivered: false }),
    )
    ledger.recordPersisted('U2', 4, 'saved by w-a')
    expect(ledger.findUnpersistedRotations('w-a', 0).map((rotation) => rotation.issuedHash)).toEqual(['T2'])
    expect(ledger.findUnpersistedRotations('w-a', 2)).toEqual([])
  })
})
