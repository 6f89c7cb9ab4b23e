export type { RedisEncryptionKey, RedisEncryptionOptions } from './encryption-key-ring'
export type { EvictionPolicyReport } from './eviction-policy'
export { RedisTokenStore } from './redis-token-store'
export type { RedisTokenStoreOptions } from './redis-token-store-options'
