import { describeTokenStoreContract } from '@rw/oauth-testing/contract'
import { createMemoryTokenStore } from '../src/memory-token-store'

describeTokenStoreContract('createMemoryTokenStore (with its lock)', async () => {
  const store = createMemoryTokenStore()
  return { store, lock: store }
})
