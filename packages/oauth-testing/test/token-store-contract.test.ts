import { describeTokenStoreContract } from '../src/contract/index'
import { ReferenceRefreshLock, ReferenceTokenStore } from './support/reference-token-store'

describeTokenStoreContract('reference Map store with lock', async () => {
  const lock = new ReferenceRefreshLock()
  return { store: new ReferenceTokenStore(lock), lock }
})

describeTokenStoreContract('reference Map store without lock', async () => ({ store: new ReferenceTokenStore() }))
