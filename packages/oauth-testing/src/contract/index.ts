export * from '../adapter-contract'
export { createTestPending, createTestRecord, createUniqueKey, waitUntil } from './contract-fixtures'
export * from './describe-token-store-contract'
export type { CreateTokenStoreFixture, TokenStoreFixture } from './token-store-fixture'
