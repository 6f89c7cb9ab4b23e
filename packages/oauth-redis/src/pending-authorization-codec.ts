import {
  type PendingAuthorization,
  parsePendingAuthorization,
  StoreError,
  serializePendingAuthorization,
} from '@rw/oauth-core'
import type { PendingKeys } from './key-schema'
import type { RecordSealer } from './record-sealer'

/** Pending authorizations hold the PKCE verifier and the state, so they are sealed like connection records. */
export class PendingAuthorizationCodec {
  readonly #sealer: RecordSealer

  constructor(sealer: RecordSealer) {
    this.#sealer = sealer
  }

  encode(pending: PendingAuthorization, keys: PendingKeys): Promise<string> {
    return this.#sealer.seal(serializePendingAuthorization(pending), keys.pendingAssociatedData)
  }

  async decode(stored: string, stateId: string, keys: PendingKeys): Promise<PendingAuthorization> {
    const pending = parsePendingAuthorization(await this.#sealer.open(stored, keys.pendingAssociatedData))
    if (pending.stateId !== stateId) {
      throw new StoreError('store_corrupted', 'A stored pending authorization belongs to another state: it was moved.')
    }
    return pending
  }
}
